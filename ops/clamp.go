package ops

import (
	"math"

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
	f := func(v float64) float64 { return math.Min(math.Max(v, lo), hi) }
	vjp := func(x, _, dy *graph.Node) *graph.Node {
		return Mul(dy, maskOf("ClampMask", x, func(v float64) float64 { return bool2f[float64](v >= lo && v <= hi) }))
	}
	return graph.Apply(newUnary64("Clamp", label, false, f, vjp), x)
}
