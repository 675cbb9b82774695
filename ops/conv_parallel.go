package ops

import (
	"github.com/chainrule/chainrule/internal/kernels"
	"github.com/chainrule/chainrule/internal/parallel"
)

// The convolution kernels split a batch into parts fixed when a program is
// compiled, each part with its own im2col scratch, and run the parts on the
// workers of internal/parallel. Within a part every product is computed by
// a serial GEMM (one that never hands work to the workers itself, which
// would wait on workers busy with the other parts), so each image's result
// is the same sequence of operations whatever the number of parts, the
// scheduling or GOMAXPROCS.

// gemmT is g's product for element type T: c ← op(a)·op(b) + beta·c.
func gemmT[T Float](g Gemm, ta, tb bool, m, n, k int, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if kernels.Is32[T]() {
		g.Sgemm(ta, tb, m, n, k, 1, kernels.As32(a), lda, kernels.As32(b), ldb, float32(beta), kernels.As32(c), ldc)
		return
	}
	g.Dgemm(ta, tb, m, n, k, 1, kernels.As64(a), lda, kernels.As64(b), ldb, float64(beta), kernels.As64(c), ldc)
}

// partRunner runs body(part, gemm) for part = 0 … parts−1, claimed in turn
// by the caller and the workers (parallel.Share: the caller never waits for
// a worker that has not started). It is made once, when a program is
// compiled, so a run allocates nothing.
type partRunner struct {
	body  func(part int, g Gemm)
	parts int
	gemm  Gemm
	share parallel.Share
}

// Work runs parts on a worker (parallel.Task).
func (r *partRunner) Work() {
	r.loop()
	r.share.Release()
}

func (r *partRunner) loop() {
	for {
		p, ok := r.share.Claim()
		if !ok {
			return
		}
		r.body(p, r.gemm)
		r.share.Finish()
	}
}

// run computes every part and returns when all are done.
func (r *partRunner) run() {
	r.gemm = kernels.Serial(BLAS)
	if r.gemm == nil {
		r.gemm = BLAS
		r.share.Start(r.parts, 1)
		r.loop()
		r.share.Wait() // for parts a late worker of an earlier run claimed
		return
	}
	h := min(parallel.Helpers(), r.parts-1)
	r.share.Start(r.parts, 1+h)
	for range h {
		if !parallel.TrySubmit(r) {
			r.share.Release()
		}
	}
	r.loop()
	r.share.Wait()
}

// batchParts returns how many parts a batch of b images is cut into: one
// per core (the caller and the workers), at most b.
func batchParts(b int) int {
	if testParts > 0 {
		return min(b, testParts)
	}
	return max(1, min(b, parallel.Helpers()+1))
}

// testParts, when positive, overrides the number of cores in batchParts:
// the tests check that results do not depend on it.
var testParts int

// partRange returns the images [lo, hi) of part p of parts over b images.
func partRange(p, parts, b int) (lo, hi int) { return p * b / parts, (p + 1) * b / parts }
