package solvers

import "gorgonia.org/tensor"

var _ Solver = (*Adagrad)(nil)

// Adagrad is Duchi, Hazan & Singer's method as torch.optim.Adagrad
// (lr_decay 0; use a Schedule instead). With g the gradient after the
// Options' clipping and weight decay, and a sum of squares s per parameter
// starting at InitialAccumulator:
//
//	s ← s + g²
//	w ← w − α·g/(√s + ε)
//
// The zero value has no learning rate: set LR or Schedule.
type Adagrad struct {
	Options

	// Eps is ε, finite and non-negative. Zero means 1e-10, PyTorch's default.
	Eps float64
	// InitialAccumulator is the starting value of s, finite and
	// non-negative. Zero (the default) is PyTorch's initial_accumulator_value.
	InitialAccumulator float64

	state state
}

// Step applies one Adagrad step to every parameter. It returns an error,
// changing nothing, when Eps or InitialAccumulator is invalid, or for any
// reason given in the package documentation.
func (a *Adagrad) Step(params, grads []*tensor.Dense) error {
	eps := orDefault(a.Eps, 1e-10)
	if err := nonNeg("Eps", eps); err != nil {
		return err
	}
	if err := nonNeg("InitialAccumulator", a.InitialAccumulator); err != nil {
		return err
	}
	p, err := a.state.begin(&a.Options, 1, a.InitialAccumulator, params, grads)
	if err != nil {
		return err
	}
	for i, w := range params {
		if w.Dtype() == tensor.Float64 {
			adagrad(f64(w), f64(grads[i]), a.state.f64[i], hyperOf[float64](p), eps)
		} else {
			adagrad(f32(w), f32(grads[i]), a.state.f32[i], hyperOf[float32](p), float32(eps))
		}
	}
	a.state.steps++
	return nil
}

// Steps returns the number of successful calls to Step since creation or the
// last Reset.
func (a *Adagrad) Steps() int { return a.state.steps }

// Reset forgets the step count, the sums of squares and the recorded shapes.
func (a *Adagrad) Reset() { a.state = state{} }

// adagrad applies one step to w with sum of squares s.
func adagrad[T float32 | float64](w, g, s []T, h hyper[T], eps T) {
	g, s = g[:len(w)], s[:len(w)]
	for i := range w {
		gi := h.grad(g[i], w[i])
		s[i] += gi * gi
		w[i] -= h.lr * gi / (sqrt(s[i]) + eps)
	}
}
