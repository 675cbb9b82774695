package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// GELU returns x·Φ(x) elementwise, Φ the standard normal distribution
// function, computed exactly with erf (PyTorch's gelu with
// approximate='none'). For the tanh approximation see GELUTanh.
func GELU(x *graph.Node) *graph.Node {
	return graph.Apply(newUnary64("GELU", "", true, gelu64, geluVJP), x)
}

const (
	geluInvSqrt2   = 1 / math.Sqrt2
	geluInvSqrt2Pi = 0.3989422804014327 // 1/√(2π)
)

func gelu64(v float64) float64 { return v * 0.5 * math.Erfc(-v*geluInvSqrt2) }

// GELU' = Φ(x) + x·φ(x), one pass of its own op (GELUGrad), whose VJP is
// GELU” = φ(x)·(2 − x²) built from ops.
func geluVJP(x, _, dy *graph.Node) *graph.Node {
	return Mul(dy, graph.Apply(newUnary64("GELUGrad", "", true, geluGrad64, geluGradVJP), x))
}

func geluGrad64(v float64) float64 {
	return 0.5*math.Erfc(-v*geluInvSqrt2) + v*geluInvSqrt2Pi*math.Exp(-0.5*v*v)
}

func geluGradVJP(x, _, dy *graph.Node) *graph.Node {
	x2 := Square(x)
	phi := Mul(scalarLike(x, geluInvSqrt2Pi), Exp(Mul(scalarLike(x, -0.5), x2)))
	return Mul(dy, Mul(phi, Sub(scalarLike(x, 2), x2)))
}
