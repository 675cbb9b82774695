package solvers

import (
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

var _ Solver = (*Adam)(nil)

// Adam is Kingma & Ba's method with bias correction, as torch.optim.Adam
// (amsgrad false). With g the gradient after the Options' clipping and
// weight decay, t the step number counted from 1, and moments m, v per
// parameter starting at zero:
//
//	m ← β1·m + (1 − β1)·g
//	v ← β2·v + (1 − β2)·g²
//	m̂ = m/(1 − β1^t),  v̂ = v/(1 − β2^t)
//	w ← w − α·m̂/(√v̂ + ε)
//
// The zero value has no learning rate: set LR or Schedule.
type Adam struct {
	Options

	// Beta1 is β1, in [0, 1). Zero means 0.9.
	Beta1 float64
	// Beta2 is β2, in [0, 1). Zero means 0.999.
	Beta2 float64
	// Eps is ε, finite and non-negative. Zero means 1e-8.
	Eps float64

	state state
}

// Step applies one Adam step to every parameter. It returns an error,
// changing nothing, when Beta1, Beta2 or Eps is out of range, or for any
// reason given in the package documentation.
func (a *Adam) Step(params, grads []*tensor.Dense) error {
	b1, b2, eps := orDefault(a.Beta1, 0.9), orDefault(a.Beta2, 0.999), orDefault(a.Eps, 1e-8)
	if err := unit("Beta1", b1); err != nil {
		return err
	}
	if err := unit("Beta2", b2); err != nil {
		return err
	}
	if err := nonNeg("Eps", eps); err != nil {
		return err
	}
	p, err := a.state.begin(&a.Options, 2, 0, params, grads)
	if err != nil {
		return err
	}
	t := float64(a.state.steps + 1)
	bc1, bc2 := 1-math.Pow(b1, t), 1-math.Pow(b2, t)
	for i, w := range params {
		if w.Dtype() == tensor.Float64 {
			f := a.state.f64
			adam(f64(w), f64(grads[i]), f[2*i], f[2*i+1], hyperOf[float64](p), b1, b2, 1-b1, 1-b2, eps, bc1, bc2)
		} else {
			f := a.state.f32
			adam(f32(w), f32(grads[i]), f[2*i], f[2*i+1], hyperOf[float32](p),
				float32(b1), float32(b2), float32(1-b1), float32(1-b2), float32(eps), float32(bc1), float32(bc2))
		}
	}
	a.state.steps++
	return nil
}

// Steps returns the number of successful calls to Step since creation or the
// last Reset.
func (a *Adam) Steps() int { return a.state.steps }

// Reset forgets the step count, the moment estimates and the recorded shapes.
func (a *Adam) Reset() { a.state = state{} }

// adam applies one step to w with moments m and v, c1 = 1 − β1 and
// c2 = 1 − β2 (computed in float64, as PyTorch does), and bias corrections
// bc1 = 1 − β1^t, bc2 = 1 − β2^t.
func adam[T float32 | float64](w, g, m, v []T, h hyper[T], b1, b2, c1, c2, eps, bc1, bc2 T) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i := range w {
		gi := h.grad(g[i], w[i])
		m[i] = b1*m[i] + c1*gi
		v[i] = b2*v[i] + c2*gi*gi
		w[i] -= h.lr * (m[i] / bc1) / (sqrt(v[i]/bc2) + eps)
	}
}

// orDefault returns x, or def when x is zero.
func orDefault(x, def float64) float64 {
	if x == 0 {
		return def
	}
	return x
}

// unit reports an error naming field when x is not in [0, 1).
func unit(field string, x float64) error {
	if !(x >= 0 && x < 1) {
		return errors.Errorf("solvers: %s is %v; want a number in [0, 1)", field, x)
	}
	return nil
}
