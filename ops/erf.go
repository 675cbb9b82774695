package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Erf returns the error function (2/√π)∫₀ˣ e^(−t²) dt elementwise.
func Erf(x *graph.Node) *graph.Node {
	return graph.Apply(newUnary64("Erf", "", true, math.Erf, erfVJP), x)
}

// erf'(x) = (2/√π)·e^(−x²).
func erfVJP(x, _, dy *graph.Node) *graph.Node {
	return Mul(dy, Mul(scalarLike(x, 2/math.SqrtPi), Exp(Neg(Square(x)))))
}
