package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Abs returns |x| elementwise. Its derivative is sign(x), taken as 0 at
// x = 0 (as PyTorch's abs does).
func Abs(x *graph.Node) *graph.Node {
	return graph.Apply(newUnary64("Abs", "", false, math.Abs, absVJP), x)
}

// |x|' = sign(x), a mask with no gradient of its own.
func absVJP(x, _, dy *graph.Node) *graph.Node { return Mul(dy, maskOf("Sign", x, sign64)) }

func sign64(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
