package ops

import "github.com/chainrule/chainrule/graph"

// SiLU returns x·σ(x) elementwise (the swish of PyTorch's silu).
func SiLU(x *graph.Node) *graph.Node {
	return graph.Apply(newUnary64("SiLU", "", true, func(v float64) float64 { return v * sigmoid64(v) }, siluVJP), x)
}

// (x·σ)' = σ + x·σ(1 − σ) = σ + y(1 − σ), built from ops so that it can be
// differentiated again.
func siluVJP(x, y, dy *graph.Node) *graph.Node {
	s := Sigmoid(x)
	return Mul(dy, Add(s, Mul(y, Sub(scalarLike(s, 1), s))))
}
