package parallel

import (
	"runtime"
	"sync/atomic"
)

// Share is the bookkeeping of one job cut into parts that the caller and any
// workers it handed the job to claim in turn (For's ranges, a product's
// tiles). The caller never waits for a worker that has not started: it
// claims every part nobody has, waits only for parts a worker claimed
// (which that worker is computing), and returns. A worker that picks the job
// up late finds nothing left to claim. Waiting for such a worker instead
// cost a wake-up of a parked goroutine, 70–100 µs on the 2-vCPU machine
// the benchmarks run on, on every short job after a pause (W7's 31
// gradient sums of 128×512 per step: 1.1 ms of its 5 ms at 2 threads).
//
// A job taken from a free list goes back to it only when every holder has
// released it (Release), so a late worker never sees it reused for another
// job. A long-lived job (made once, run many times) may instead be started
// again once Wait returned: a late worker then claims parts of the new run
// or none, and computes each part it claims in full.
type Share struct {
	parts atomic.Int64
	next  atomic.Int64
	done  atomic.Int64
	refs  atomic.Int32
}

// Start readies parts parts for holders holders: the caller and the workers
// the job is about to be handed to. The job must not be held by anyone.
func (s *Share) Start(parts, holders int) {
	// A late worker's claim fails until next is 0, which is stored last:
	// a part it claims then is counted in this run's done.
	s.next.Store(1 << 62)
	s.parts.Store(int64(parts))
	s.done.Store(0)
	s.refs.Store(int32(holders))
	s.next.Store(0)
}

// Claim returns the next unclaimed part, or false when none is left.
func (s *Share) Claim() (int, bool) {
	i := s.next.Add(1) - 1
	return int(i), i < s.parts.Load()
}

// Finish records that a claimed part is done.
func (s *Share) Finish() { s.done.Add(1) }

// Wait returns once every part is done; the caller calls it after claiming
// until Claim reports false, so that it only waits for parts workers are
// computing.
func (s *Share) Wait() {
	for polls := 0; s.done.Load() < s.parts.Load(); polls++ {
		if polls%64 == 63 {
			runtime.Gosched()
		}
	}
}

// Release gives up one holder's hold on the job and reports whether it was
// the last, whose holder may then reuse or recycle the job.
func (s *Share) Release() bool { return s.refs.Add(-1) == 0 }

// TrySubmit hands t to a worker goroutine unless the queue is full, and
// reports whether it did.
func TrySubmit(t Task) bool {
	once.Do(start)
	select {
	case queue <- t:
		return true
	default:
		return false
	}
}
