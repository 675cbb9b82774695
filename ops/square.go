package ops

import "github.com/chainrule/chainrule/graph"

// Square returns x² elementwise.
func Square(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Square", k64: squareK[float64], k32: squareK[float32], vjp: squareVJP}, x)
}

// (x²)' = 2x.
func squareVJP(x, _, dy *graph.Node) *graph.Node { return Mul(dy, Mul(scalarLike(x, 2), x)) }

func squareK[T Float](d, x []T) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = v * v
	}
}
