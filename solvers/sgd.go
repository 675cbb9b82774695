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
		if w.Dtype() == tensor.Float64 {
			if ws, gs := f64(w), f64(grads[i]); plain && len(ws) >= axpyMin {
				s.ax.run64(ws, gs, -p.lr)
			} else {
				sgd(ws, gs, hyperOf[float64](p))
			}
		} else if ws, gs := f32(w), f32(grads[i]); plain && len(ws) >= axpyMin {
			s.ax.run32(ws, gs, -float32(p.lr))
		} else {
			sgd(ws, gs, hyperOf[float32](p))
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

// sgd sets w[i] ← w[i] − lr·g'[i], g' the effective gradient, one element
// at a time.
func sgd[T float32 | float64](w, g []T, h hyper[T]) {
	g = g[:len(w)]
	for i := range w {
		// The conversion rounds the product, so it is never fused with
		// the subtraction: w − α·g exactly as written.
		w[i] -= T(h.lr * h.grad(g[i], w[i]))
	}
}

const (
	// axpyMin is the size from which the plain rule runs as an axpy:
	// below 16 elements the call costs more than the loop.
	axpyMin = 16
	// splitGrain is the smallest part of an update worth running on
	// another core: the axpy is memory-bound at well under 1 ns an element.
	splitGrain = 1 << 15
)

// axpy is the plain rule as an axpy, w ← w + (−α)·g, split across cores
// for large parameters (a 784×256 weight matrix), kept in the solver as a
// parallel.Ranger so that a step allocates nothing. gonum's assembly
// multiplies and adds separately (no fused multiply-add) and negation is
// exact, so the result is bit-identical to w − α·g, whatever the split.
type axpy struct {
	w64, g64 []float64
	w32, g32 []float32
	a64      float64
	a32      float32
}

// run64 sets w ← w + a·g.
func (ax *axpy) run64(w, g []float64, a float64) {
	ax.w64, ax.g64, ax.a64 = w, g[:len(w)], a
	parallel.For(len(w), splitGrain, ax)
	ax.w64, ax.g64 = nil, nil
}

// run32 sets w ← w + a·g.
func (ax *axpy) run32(w, g []float32, a float32) {
	ax.w32, ax.g32, ax.a32 = w, g[:len(w)], a
	parallel.For(len(w), splitGrain, ax)
	ax.w32, ax.g32 = nil, nil
}

// Range updates elements lo to hi.
func (ax *axpy) Range(lo, hi int) {
	if ax.w64 != nil {
		blas.Daxpy(hi-lo, ax.a64, ax.g64[lo:hi], 1, ax.w64[lo:hi], 1)
	} else {
		blas.Saxpy(hi-lo, ax.a32, ax.g32[lo:hi], 1, ax.w32[lo:hi], 1)
	}
}
