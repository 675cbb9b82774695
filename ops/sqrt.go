package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Sqrt returns √x elementwise; negative elements give NaN.
func Sqrt(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Sqrt", heavy: true, k64: mapKernel(math.Sqrt), k32: mapKernel(sqrt32), vjp: sqrtVJP}, x)
}

// (√x)' = 1/(2√x) = 0.5/y.
func sqrtVJP(_, y, dy *graph.Node) *graph.Node { return Div(Mul(scalarLike(y, 0.5), dy), y) }

func sqrt32(v float32) float32 { return float32(math.Sqrt(float64(v))) }
