package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// ELU returns x where x > 0 and alpha·(eˣ − 1) elsewhere, elementwise
// (PyTorch's elu; alpha = 1 is its default). Its derivative at 0 is taken
// from the left, alpha, as PyTorch does.
func ELU(x *graph.Node, alpha float64) *graph.Node {
	f := func(v float64) float64 {
		if v > 0 {
			return v
		}
		return alpha * math.Expm1(v)
	}
	// ELU' = 1 for x > 0, alpha·eˣ = y + alpha elsewhere; built from ops on y,
	// so that it can be differentiated again.
	vjp := func(x, y, dy *graph.Node) *graph.Node {
		slope := Where(Greater(x, scalarLike(x, 0)), scalarLike(x, 1), Add(y, scalarLike(y, alpha)))
		return Mul(dy, slope)
	}
	op := newUnary64("ELU", "ELU("+formatFloat(alpha)+")", true, f, vjp)
	op.args = []float64{alpha}
	return graph.Apply(op, x)
}
