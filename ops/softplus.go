package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Softplus returns log(1 + eˣ) elementwise, computed as
// max(x, 0) + log(1 + e^−|x|) so that it neither overflows for large x nor
// loses precision for very negative x. Its derivative is the sigmoid.
func Softplus(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Softplus", heavy: true, k64: mapKernel(softplus64), k32: mapKernel(softplus32), vjp: softplusVJP}, x)
}

// softplus' = σ(x).
func softplusVJP(x, _, dy *graph.Node) *graph.Node { return Mul(dy, Sigmoid(x)) }

func softplus64(v float64) float64 { return math.Max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))) }

func softplus32(v float32) float32 { return float32(softplus64(float64(v))) }
