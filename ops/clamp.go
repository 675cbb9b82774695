package ops

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
)

// Clamp returns x limited to [lo, hi] elementwise: lo below lo, hi above
// hi. The gradient passes where lo ≤ x ≤ hi (bounds included, as in
// PyTorch's clamp) and is 0 elsewhere. lo > hi or a NaN bound gives a bad
// node; use ±Inf for a one-sided clamp.
func Clamp(x *graph.Node, lo, hi float64) *graph.Node {
	if !(lo <= hi) {
		return graph.Fail("Clamp", errors.Errorf("bounds [%s, %s] are empty or NaN", formatFloat(lo), formatFloat(hi)), x)
	}
	label := "Clamp(" + formatFloat(lo) + ", " + formatFloat(hi) + ")"
	vjp := func(x, _, dy *graph.Node) *graph.Node {
		return Mul(dy, maskOf("ClampMask", x, func(v float64) float64 { return bool2f[float64](v >= lo && v <= hi) }))
	}
	op := newUnaryK("Clamp", label, false, clampK(lo, hi), clampK(float32(lo), float32(hi)), vjp)
	op.args = []float64{lo, hi}
	return graph.Apply(op, x)
}

// clampK uses the builtin min and max, which pass NaN through.
func clampK[T Float](lo, hi T) func(d, x []T) {
	return func(d, x []T) {
		x = x[:len(d)]
		for i, v := range x {
			d[i] = min(max(v, lo), hi)
		}
	}
}
