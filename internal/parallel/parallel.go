// Package parallel runs chainrule's data-parallel work (the tiles of a
// matrix product, the parts of a long elementwise loop) on long-lived worker
// goroutines, one fewer than GOMAXPROCS, with the calling goroutine working
// too. Nothing is allocated per call: goroutines, channels and WaitGroups
// made per call would cost more than the loops they split (gonum's own
// parallel Gemm makes them, about 50–200 allocations per training step).
//
// Each part of the work is fixed before it starts (only who runs it varies),
// so results never depend on the scheduling.
package parallel

import (
	"runtime"
	"sync"
	"time"
)

// Task is work handed to a worker goroutine. Work runs on the worker and
// must itself tell the submitter that it is done (a WaitGroup, say).
type Task interface{ Work() }

var (
	once    sync.Once
	queue   chan Task
	helpers int
)

// spin is how long a worker keeps polling the queue after its last task
// before it parks. Waking a parked goroutine took 70–100 µs on the 2-vCPU
// machine the benchmarks run on (the idle virtual CPU sleeps), as long as a
// whole 128×256·256×128 product: with parked workers the mid-sized
// products and loops of a training step ran on the caller alone. A polling
// worker yields the processor between polls (runtime.Gosched), so the
// garbage collector and other goroutines still run; after spin without work
// it parks and costs nothing.
const spin = 200 * time.Microsecond

func start() {
	helpers = runtime.GOMAXPROCS(0) - 1
	queue = make(chan Task, 4*max(1, helpers))
	for range helpers {
		go work()
	}
}

// work runs tasks from the queue: polling while tasks keep coming, parked
// on the queue after spin without one.
func work() {
	for {
		deadline := time.Now().Add(spin)
		for polls := 0; ; polls++ {
			select {
			case t := <-queue:
				t.Work()
				deadline = time.Now().Add(spin)
				continue
			default:
			}
			if polls%16 == 15 && time.Now().After(deadline) {
				break
			}
			runtime.Gosched()
		}
		(<-queue).Work()
	}
}

// Helpers returns the number of worker goroutines: GOMAXPROCS − 1 when the
// pool first started.
func Helpers() int {
	once.Do(start)
	return helpers
}

// Submit hands t to a worker goroutine. It blocks while every worker is busy
// and the queue is full.
func Submit(t Task) {
	once.Do(start)
	queue <- t
}

// Ranger is a loop body over the index range [lo, hi).
type Ranger interface{ Range(lo, hi int) }

// Func is a Ranger made of a function. Converting a Func to a Ranger
// allocates nothing, so a closure made once can be run by For many times.
type Func func(lo, hi int)

// Range calls f(lo, hi).
func (f Func) Range(lo, hi int) { f(lo, hi) }

// rangeJob is one For call: parts of [0, n) claimed in turn by the workers
// and the caller.
type rangeJob struct {
	body    Ranger
	n, part int
	share   Share
}

// jobs holds finished jobs for reuse.
var jobs FreeList[rangeJob]

// For calls body.Range(lo, hi) for consecutive parts of [0, n), in parallel on the
// workers and the caller, and returns when every part is done. A part is at
// least grain elements (its length a multiple of 16 but for the last, so
// that parts start on cache-line and vector boundaries); with fewer than
// 2·grain elements, or one core, For calls body.Range(0, n) on the caller.
//
// Choose grain so that a part takes some tens of microseconds: waking a
// worker costs a few.
func For(n, grain int, body Ranger) {
	p := min(Helpers()+1, n/max(grain, 1))
	if p < 2 {
		body.Range(0, n)
		return
	}
	j := jobs.Get()
	j.body, j.n = body, n
	j.part = ((n+p-1)/p + 15) &^ 15
	parts := (n + j.part - 1) / j.part
	h := min(helpers, parts-1)
	j.share.Start(parts, 1+h)
	for range h {
		if !TrySubmit(j) {
			j.share.Release() // the caller does that worker's share
		}
	}
	j.run()
	j.share.Wait()
	j.release()
}

// Work runs parts on a worker.
func (j *rangeJob) Work() {
	j.run()
	j.release()
}

func (j *rangeJob) run() {
	for {
		i, ok := j.share.Claim()
		if !ok {
			return
		}
		lo := i * j.part
		j.body.Range(lo, min(lo+j.part, j.n))
		j.share.Finish()
	}
}

// release drops a hold on j, recycling it after the last.
func (j *rangeJob) release() {
	if j.share.Release() {
		j.body = nil
		jobs.Put(j)
	}
}
