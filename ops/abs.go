package ops

import "github.com/chainrule/chainrule/graph"

// Abs returns |x| elementwise. Its derivative is sign(x), taken as 0 at
// x = 0 (as PyTorch's abs does).
func Abs(x *graph.Node) *graph.Node {
	return graph.Apply(newUnaryK("Abs", "", false, absK[float64], absK[float32], absVJP), x)
}

// |x|' = sign(x), a mask with no gradient of its own.
func absVJP(x, _, dy *graph.Node) *graph.Node { return Mul(dy, maskOf("Sign", x, sign64)) }

// absK is max(x, −x): the builtin max gives +0 for ±0 and NaN for NaN, as
// math.Abs does, without a call per element.
func absK[T Float](d, x []T) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = max(v, -v)
	}
}

func sign64(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
