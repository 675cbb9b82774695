package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Sigmoid returns the logistic function 1/(1 + e⁻ˣ) elementwise, computed
// without overflow for large |x|.
func Sigmoid(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Sigmoid", heavy: true, k64: mapKernel(sigmoid64), k32: mapKernel(sigmoid32), vjp: sigmoidVJP}, x)
}

// σ' = σ(1 − σ) = y(1 − y).
func sigmoidVJP(_, y, dy *graph.Node) *graph.Node { return newActGrad(actSigmoid, y, dy) }

func sigmoid64(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	e := math.Exp(v)
	return e / (1 + e)
}

func sigmoid32(v float32) float32 { return float32(sigmoid64(float64(v))) }
