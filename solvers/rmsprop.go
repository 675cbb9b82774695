package solvers

import "gorgonia.org/tensor"

var _ Solver = (*RMSProp)(nil)

// RMSProp is Hinton's method as torch.optim.RMSprop (centered false,
// momentum 0). With g the gradient after the Options' clipping and weight
// decay, and a mean square v per parameter starting at zero:
//
//	v ← ρ·v + (1 − ρ)·g²
//	w ← w − α·g/(√v + ε)
//
// PyTorch calls ρ alpha; here it is Rho, so as not to be confused with the
// learning rate. The zero value has no learning rate: set LR or Schedule.
type RMSProp struct {
	Options

	// Rho is the smoothing constant ρ (PyTorch's alpha), in [0, 1). Zero
	// means 0.99.
	Rho float64
	// Eps is ε, finite and non-negative. Zero means 1e-8.
	Eps float64

	state state
}

// Step applies one RMSProp step to every parameter. It returns an error,
// changing nothing, when Rho or Eps is out of range, or for any reason given
// in the package documentation.
func (r *RMSProp) Step(params, grads []*tensor.Dense) error {
	rho, eps := orDefault(r.Rho, 0.99), orDefault(r.Eps, 1e-8)
	if err := unit("Rho", rho); err != nil {
		return err
	}
	if err := nonNeg("Eps", eps); err != nil {
		return err
	}
	p, err := r.state.begin(&r.Options, 1, 0, params, grads)
	if err != nil {
		return err
	}
	for i, w := range params {
		if w.Dtype() == tensor.Float64 {
			rmsprop(f64(w), f64(grads[i]), r.state.f64[i], hyperOf[float64](p), rho, 1-rho, eps)
		} else {
			rmsprop(f32(w), f32(grads[i]), r.state.f32[i], hyperOf[float32](p), float32(rho), float32(1-rho), float32(eps))
		}
	}
	r.state.steps++
	return nil
}

// Steps returns the number of successful calls to Step since creation or the
// last Reset.
func (r *RMSProp) Steps() int { return r.state.steps }

// Reset forgets the step count, the mean squares and the recorded shapes.
func (r *RMSProp) Reset() { r.state = state{} }

// rmsprop applies one step to w with mean square v and c = 1 − ρ (computed
// in float64, as PyTorch does).
func rmsprop[T float32 | float64](w, g, v []T, h hyper[T], rho, c, eps T) {
	g, v = g[:len(w)], v[:len(w)]
	for i := range w {
		gi := h.grad(g[i], w[i])
		v[i] = rho*v[i] + c*gi*gi
		w[i] -= h.lr * gi / (sqrt(v[i]) + eps)
	}
}
