package solvers

import (
	"math"

	"github.com/pkg/errors"
)

// Options holds the hyper-parameters shared by every solver. Each solver
// embeds it, so its fields are set as, for example,
// SGD{Options: Options{LR: 0.1}} or s.LR = 0.1. The zero value of every field
// except the learning rate is a documented default.
type Options struct {
	// LR is the learning rate α. It has no default: exactly one of LR and
	// Schedule must be set, and Step returns an error otherwise. LR must be
	// positive and finite.
	LR float64

	// Schedule, when not nil, gives the learning rate of each step in place
	// of LR: step k (counted from 0) uses Schedule.Rate(k). Step returns an
	// error when the rate is not positive and finite.
	Schedule Schedule

	// WeightDecay is the L2 penalty λ, coupled as in PyTorch's weight_decay:
	// the solver uses g + λ·w in place of g. Zero (the default) means none.
	WeightDecay float64

	// ClipValue, when positive, clamps every gradient element to
	// [−ClipValue, ClipValue] (torch.nn.utils.clip_grad_value_). Zero (the
	// default) means no clipping by value.
	ClipValue float64

	// ClipNorm, when positive, rescales all gradients of one Step by
	// ClipNorm/‖g‖ when their global L2 norm ‖g‖, taken over every element of
	// every gradient after clipping by value, exceeds ClipNorm
	// (torch.nn.utils.clip_grad_norm_ without its 1e-6). Zero (the default)
	// means no clipping by norm.
	ClipNorm float64
}

// finiteNonNeg reports whether x is finite and not negative (false for NaN).
func finiteNonNeg(x float64) bool { return x >= 0 && x <= math.MaxFloat64 }

// nonNeg reports an error naming field when x is negative, infinite or NaN.
func nonNeg(field string, x float64) error {
	if !(x >= 0) || math.IsInf(x, 0) {
		return errors.Errorf("solvers: %s is %v; want a finite non-negative number", field, x)
	}
	return nil
}

// rate validates o and returns the learning rate of step k.
func (o *Options) rate(k int) (float64, error) {
	// The common case is checked without building the table that names
	// the offending field.
	if !(finiteNonNeg(o.LR) && finiteNonNeg(o.WeightDecay) && finiteNonNeg(o.ClipValue) && finiteNonNeg(o.ClipNorm)) {
		for _, f := range []struct {
			name string
			x    float64
		}{{"LR", o.LR}, {"WeightDecay", o.WeightDecay}, {"ClipValue", o.ClipValue}, {"ClipNorm", o.ClipNorm}} {
			if err := nonNeg(f.name, f.x); err != nil {
				return 0, err
			}
		}
	}
	switch {
	case o.Schedule == nil && o.LR == 0:
		return 0, errors.New("solvers: learning rate not set: set LR or Schedule")
	case o.Schedule != nil && o.LR != 0:
		return 0, errors.New("solvers: both LR and Schedule are set; set only one")
	case o.Schedule == nil:
		return o.LR, nil
	}
	r := o.Schedule.Rate(k)
	if !(r > 0) || math.IsInf(r, 0) {
		return 0, errors.Errorf("solvers: schedule gives learning rate %v at step %d; want positive and finite", r, k)
	}
	return r, nil
}

// hyper holds, in the parameters' precision, what every kernel needs to turn
// a raw gradient element into the one it applies: clip, scale and decay.
type hyper[T float32 | float64] struct {
	lr, clip, scale, wd T
}

// grad returns the effective gradient of the element with value w and raw
// gradient g: clipped by value, scaled by the norm clip, plus λ·w. With every
// option zero it returns g unchanged.
func (h hyper[T]) grad(g, w T) T {
	if h.clip > 0 {
		g = max(-h.clip, min(h.clip, g))
	}
	if h.scale != 1 {
		g *= h.scale
	}
	if h.wd != 0 {
		g += h.wd * w
	}
	return g
}

// sqrt returns the square root of x in T's precision.
func sqrt[T float32 | float64](x T) T {
	return T(math.Sqrt(float64(x)))
}
