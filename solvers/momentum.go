package solvers

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

var _ Solver = (*Momentum)(nil)

// Momentum is gradient descent with classical or Nesterov momentum, in
// PyTorch's formulation (torch.optim.SGD with momentum μ, dampening d and
// nesterov). With g the gradient after the Options' clipping and weight
// decay, and a buffer b per parameter:
//
//	b ← g                     on the first step
//	b ← μ·b + (1 − d)·g       on later steps
//	w ← w − α·b               classical
//	w ← w − α·(g + μ·b)       Nesterov
//
// This differs from Sutskever et al.'s v ← μ·v − α·g only when the learning
// rate changes between steps. The zero value has no learning rate: set LR or
// Schedule.
type Momentum struct {
	Options

	// Mu is the momentum μ. Zero means 0.9. It must be finite and
	// non-negative.
	Mu float64
	// Dampening is d, in [0, 1]. Zero (the default) means none.
	Dampening float64
	// Nesterov selects Nesterov momentum; it requires Dampening zero, as in
	// PyTorch.
	Nesterov bool

	state state
}

// Step applies one momentum step to every parameter. It returns an error,
// changing nothing, when Mu or Dampening is invalid, Nesterov is set with a
// non-zero Dampening, or for any reason given in the package documentation.
func (m *Momentum) Step(params, grads []*tensor.Dense) error {
	mu := m.Mu
	if mu == 0 {
		mu = 0.9
	}
	if err := nonNeg("Mu", mu); err != nil {
		return err
	}
	if err := nonNeg("Dampening", m.Dampening); err != nil || m.Dampening > 1 {
		return errors.Errorf("solvers: Dampening is %v; want a number in [0, 1]", m.Dampening)
	}
	if m.Nesterov && m.Dampening != 0 {
		return errors.New("solvers: Nesterov momentum requires zero Dampening")
	}
	p, err := m.state.begin(&m.Options, 1, 0, params, grads)
	if err != nil {
		return err
	}
	first := m.state.steps == 0
	for i, w := range params {
		if w.Dtype() == tensor.Float64 {
			momentum(f64(w), f64(grads[i]), m.state.f64[i], hyperOf[float64](p), mu, 1-m.Dampening, first, m.Nesterov)
		} else {
			momentum(f32(w), f32(grads[i]), m.state.f32[i], hyperOf[float32](p), float32(mu), float32(1-m.Dampening), first, m.Nesterov)
		}
	}
	m.state.steps++
	return nil
}

// Steps returns the number of successful calls to Step since creation or the
// last Reset.
func (m *Momentum) Steps() int { return m.state.steps }

// Reset forgets the step count, the momentum buffers and the recorded shapes.
func (m *Momentum) Reset() { m.state = state{} }

// momentum applies one step to w with buffer b; c is 1 − dampening.
func momentum[T float32 | float64](w, g, b []T, h hyper[T], mu, c T, first, nesterov bool) {
	g, b = g[:len(w)], b[:len(w)]
	for i := range w {
		gi := h.grad(g[i], w[i])
		if first {
			b[i] = gi
		} else {
			b[i] = mu*b[i] + c*gi
		}
		if nesterov {
			w[i] -= h.lr * (gi + mu*b[i])
		} else {
			w[i] -= h.lr * b[i]
		}
	}
}
