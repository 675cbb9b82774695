package solvers

import (
	"gonum.org/v1/gonum/blas/gonum"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/parallel"
)

var _ Solver = (*SGD)(nil)

// SGD is vanilla gradient descent, the lecture's rule
// new w = old w − α·∂E/∂w:
//
//	w ← w − α·g
//
// where g is the gradient after the Options' clipping and weight decay; with
// those options zero it is exactly the given gradient. It is
// torch.optim.SGD with momentum 0. The zero value has no learning rate: set
// LR or Schedule.
type SGD struct {
	Options

	state state
	ax    axpy
}

// Step sets params[i] ← params[i] − α·grads[i] for every i. It returns an
// error, changing nothing, when the options are invalid, the slices differ in
// length, a gradient's shape or dtype differs from its parameter's, a dtype is
// not float64 or float32, or the parameters' shapes differ from the first call.
func (s *SGD) Step(params, grads []*tensor.Dense) error {
	p, err := s.state.begin(&s.Options, 0, 0, params, grads)
	if err != nil {
		return err
	}
	plain := p.clip == 0 && p.scale == 1 && p.wd == 0
	for i, w := range params {
		if plain && s.ax.split(w, grads[i], p.lr) {
			continue
		}
		if w.Dtype() == tensor.Float64 {
			sgd(f64(w), f64(grads[i]), hyperOf[float64](p))
		} else {
			sgd(f32(w), f32(grads[i]), hyperOf[float32](p))
		}
	}
	s.state.steps++
	return nil
}

// Steps returns the number of successful calls to Step since creation or the
// last Reset.
func (s *SGD) Steps() int { return s.state.steps }

// Reset forgets the step count and the recorded shapes, so the next Step may
// take different parameters.
func (s *SGD) Reset() { s.state = state{} }

// blas provides the vectorised axpy of the plain update.
var blas gonum.Implementation

// sgd sets w[i] ← w[i] − lr·g'[i], g' the effective gradient.
func sgd[T float32 | float64](w, g []T, h hyper[T]) {
	g = g[:len(w)]
	if h.clip == 0 && h.scale == 1 && h.wd == 0 && len(w) >= 16 {
		// The plain rule as an axpy, w ← w + (−α)·g (below 16 elements
		// the call costs more than the loop): gonum's assembly
		// multiplies and adds separately (no fused multiply-add), and
		// negation is exact, so this is bit-identical to w − α·g.
		switch w := any(w).(type) {
		case []float64:
			blas.Daxpy(len(w), -float64(h.lr), any(g).([]float64), 1, w, 1)
		case []float32:
			blas.Saxpy(len(w), -float32(h.lr), any(g).([]float32), 1, w, 1)
		}
		return
	}
	for i := range w {
		// The conversion rounds the product, so it is never fused with
		// the subtraction: w − α·g exactly as written.
		w[i] -= T(h.lr * h.grad(g[i], w[i]))
	}
}

// splitGrain is the smallest part of an update worth running on another
// core: the axpy is memory-bound at well under 1 ns an element.
const splitGrain = 1 << 15

// axpy is the plain rule w ← w + (−α)·g split across cores for large
// parameters (a 784×256 weight matrix), as a parallel.Ranger kept in the
// solver so that a step allocates nothing.
type axpy struct {
	w64, g64 []float64
	w32, g32 []float32
	a64      float64
	a32      float32
}

// split runs the update of w by g at rate lr across cores and reports true,
// or reports false, doing nothing, when w is too small to split.
func (ax *axpy) split(w, g *tensor.Dense, lr float64) bool {
	if len(w.Raw) < 2*splitGrain*4 || w.Shape().TotalSize() < 2*splitGrain || parallel.Helpers() == 0 {
		return false
	}
	ax.w64, ax.g64, ax.w32, ax.g32 = nil, nil, nil, nil
	n := 0
	if w.Dtype() == tensor.Float64 {
		ax.w64, ax.g64, ax.a64 = f64(w), f64(g), -lr
		n = len(ax.w64)
	} else {
		ax.w32, ax.g32, ax.a32 = f32(w), f32(g), -float32(lr)
		n = len(ax.w32)
	}
	parallel.For(n, splitGrain, ax)
	ax.w64, ax.g64, ax.w32, ax.g32 = nil, nil, nil, nil
	return true
}

// Range updates elements lo to hi: the same axpy sgd runs, so the result is
// bit-identical whatever the split.
func (ax *axpy) Range(lo, hi int) {
	if ax.w64 != nil {
		blas.Daxpy(hi-lo, ax.a64, ax.g64[lo:hi], 1, ax.w64[lo:hi], 1)
	} else {
		blas.Saxpy(hi-lo, ax.a32, ax.g32[lo:hi], 1, ax.w32[lo:hi], 1)
	}
}
