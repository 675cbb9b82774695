package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Tanh returns the hyperbolic tangent elementwise.
func Tanh(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Tanh", k64: mapKernel(math.Tanh), k32: mapKernel(tanh32), vjp: tanhVJP}, x)
}

// tanh' = 1 − tanh² = 1 − y².
func tanhVJP(_, y, dy *graph.Node) *graph.Node { return newActGrad(actTanh, y, dy) }

func tanh32(v float32) float32 { return float32(math.Tanh(float64(v))) }
