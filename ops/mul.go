package ops

import "github.com/chainrule/chainrule/graph"

// Mul returns a · b elementwise (the Hadamard product), with NumPy
// broadcasting. Shapes that do not broadcast or different dtypes give a bad
// node.
func Mul(a, b *graph.Node) *graph.Node {
	return graph.Apply(&binary{kind: kMul, vjp: mulVJP}, a, b)
}

// ∂(ab)/∂a = b, ∂(ab)/∂b = a.
func mulVJP(i int, a, b, _, dy *graph.Node) *graph.Node {
	if i == 0 {
		return Mul(dy, b)
	}
	return Mul(dy, a)
}
