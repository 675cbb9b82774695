package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Expm1 returns eˣ − 1 elementwise, accurate for x near 0 (Expm1(1e-17) is
// 1e-17, where Exp(x) − 1 gives 0).
func Expm1(x *graph.Node) *graph.Node {
	return graph.Apply(newUnary64("Expm1", "", true, math.Expm1, expm1VJP), x)
}

// (eˣ − 1)' = eˣ = y + 1.
func expm1VJP(_, y, dy *graph.Node) *graph.Node { return Mul(dy, Add(y, scalarLike(y, 1))) }
