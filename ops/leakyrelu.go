package ops

import "github.com/chainrule/chainrule/graph"

// LeakyReLU returns x where x > 0 and alpha·x elsewhere, elementwise
// (PyTorch's leaky_relu with negative_slope alpha; 0.01 is its default).
// Its derivative at 0 is taken as alpha, as PyTorch does.
func LeakyReLU(x *graph.Node, alpha float64) *graph.Node {
	vjp := func(x, _, dy *graph.Node) *graph.Node {
		return Mul(dy, maskOf("LeakyReLUSlope", x, func(v float64) float64 {
			if v > 0 {
				return 1
			}
			return alpha
		}))
	}
	op := newUnaryK("LeakyReLU", "LeakyReLU("+formatFloat(alpha)+")", false, leakyK(alpha), leakyK(float32(alpha)), vjp)
	op.args = []float64{alpha}
	return graph.Apply(op, x)
}

func leakyK[T Float](alpha T) func(d, x []T) {
	return func(d, x []T) {
		x = x[:len(d)]
		for i, v := range x {
			if v <= 0 {
				v *= alpha
			}
			d[i] = v
		}
	}
}
