package ops

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// Sigmoid returns the logistic function 1/(1 + e⁻ˣ) elementwise, computed
// without overflow for large |x|. In float64 it is built on math.Exp; in
// float32 on a float32 exp (kernels.Sigmoid32) within 2 ulps of the
// float64 result rounded to float32 (measured over every 7th finite float32),
// 0 and 1 beyond the range where it rounds to them, denormals not flushed:
// about 1.5× faster than through math.Exp in Go, and 40× with the AVX2 kernel
// (internal/kernels), which gives the same bits.
func Sigmoid(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Sigmoid", heavy: true, k64: mapKernel(kernels.Sigmoid64), k32: kernels.Sigmoid32, vjp: sigmoidVJP}, x)
}

// σ' = σ(1 − σ) = y(1 − y).
func sigmoidVJP(_, y, dy *graph.Node) *graph.Node { return newActGrad(actSigmoid, y, dy) }
