package parallel

import (
	"sync/atomic"
	"testing"
	"time"
)

// For covers [0, n) exactly once, in parts of at least grain elements (but
// the last) whose lengths are multiples of 16, and allocates nothing.
func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 17, 100, 1000, 4095, 4096, 4097, 100003} {
		for _, grain := range []int{0, 1, 16, 1000, 1 << 12} {
			hits := make([]int32, n)
			For(n, grain, Func(func(lo, hi int) {
				if hi < n && lo > 0 && ((hi-lo)%16 != 0 || hi-lo < grain) {
					t.Errorf("n=%d grain=%d: part [%d, %d)", n, grain, lo, hi)
				}
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&hits[i], 1)
				}
			}))
			for i, h := range hits {
				if h != 1 {
					t.Fatalf("n=%d grain=%d: index %d done %d times", n, grain, i, h)
				}
			}
		}
	}
	x := make([]float64, 1<<16)
	body := Func(func(lo, hi int) {
		for i := lo; i < hi; i++ {
			x[i]++
		}
	})
	if a := testing.AllocsPerRun(100, func() { For(len(x), 1<<12, body) }); a != 0 {
		t.Errorf("For allocates %v times per call", a)
	}
}

// A FreeList hands back what was put, most recent first, then new zero
// values, and allocates nothing once warm.
func TestFreeList(t *testing.T) {
	var l FreeList[[4]int]
	a, b := l.Get(), l.Get()
	if a == b || *a != [4]int{} {
		t.Fatal("Get on an empty list: want distinct zero values")
	}
	a[0] = 7
	l.Put(a)
	l.Put(b)
	if l.Get() != b || l.Get() != a {
		t.Fatal("Get: want the values put, last first")
	}
	l.Put(a)
	if n := testing.AllocsPerRun(100, func() { l.Put(l.Get()) }); n != 0 {
		t.Errorf("Get and Put allocate %v times", n)
	}
}

// sleeper is a Task that keeps its worker busy for a while.
type sleeper struct{ done chan struct{} }

func (s sleeper) Work() { time.Sleep(300 * time.Millisecond); close(s.done) }

// For does not wait for a worker that has not picked its job up: with every
// worker busy, the caller does all the parts and returns at once, and the
// late worker later finds the job empty (the job is not reused before it
// lets go: run with -race).
func TestForDoesNotWaitForBusyWorkers(t *testing.T) {
	if Helpers() == 0 {
		t.Skip("no workers (GOMAXPROCS=1)")
	}
	var busy []sleeper
	for range Helpers() {
		s := sleeper{make(chan struct{})}
		Submit(s)
		busy = append(busy, s)
	}
	n := 1 << 16
	hits := make([]int32, n)
	body := Func(func(lo, hi int) {
		for i := lo; i < hi; i++ {
			hits[i]++ // parts are disjoint
		}
	})
	start := time.Now()
	for range 20 {
		For(n, 1<<12, body)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("20 For calls took %v with the workers busy: they waited for them", d)
	}
	for _, s := range busy {
		<-s.done
	}
	For(n, 1<<12, body) // the late workers' stale jobs are harmless
	for i, h := range hits {
		if h != 21 {
			t.Fatalf("index %d done %d times, want 21", i, h)
		}
	}
}

// restartable is a long-lived job (as a convolution's batch parts are):
// made once, started again after each Wait, with workers that may pick a
// run's hand-off up late.
type restartable struct {
	share Share
	hits  [2]atomic.Int64
}

func (r *restartable) Work() { r.loop(); r.share.Release() }

func (r *restartable) loop() {
	for {
		p, ok := r.share.Claim()
		if !ok {
			return
		}
		r.hits[p].Add(1)
		r.share.Finish()
	}
}

// A long-lived job restarted many times in a row finishes every run, each
// part once a run, however late its workers pick up their hand-offs (a
// late worker's part was once counted in the previous run's done and then
// wiped by the restart, and the caller waited for it forever).
func TestShareRestarted(t *testing.T) {
	if Helpers() == 0 {
		t.Skip("no workers (GOMAXPROCS=1)")
	}
	r := &restartable{}
	const runs = 50000
	done := make(chan struct{})
	go func() {
		for range runs {
			r.share.Start(2, 2)
			if !TrySubmit(r) {
				r.share.Release()
			}
			r.loop()
			r.share.Wait()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("a run never finished: a part was lost")
	}
	for p := range r.hits {
		if h := r.hits[p].Load(); h != runs {
			t.Errorf("part %d ran %d times in %d runs", p, h, runs)
		}
	}
}
