package ops

import "github.com/chainrule/chainrule/graph"

// Neg returns −x elementwise.
func Neg(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Neg", k64: negK[float64], k32: negK[float32], vjp: negVJP}, x)
}

// (−x)' = −1.
func negVJP(_, _, dy *graph.Node) *graph.Node { return Neg(dy) }

func negK[T Float](d, x []T) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = -v
	}
}
