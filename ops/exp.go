package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Exp returns eˣ elementwise.
func Exp(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Exp", heavy: true, k64: mapKernel(math.Exp), k32: mapKernel(exp32), vjp: expVJP}, x)
}

// (eˣ)' = eˣ = y.
func expVJP(_, y, dy *graph.Node) *graph.Node { return Mul(dy, y) }

func exp32(v float32) float32 { return float32(math.Exp(float64(v))) }
