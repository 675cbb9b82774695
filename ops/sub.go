package ops

import "github.com/chainrule/chainrule/graph"

// Sub returns a − b elementwise, with NumPy broadcasting. Shapes that do not
// broadcast or different dtypes give a bad node.
func Sub(a, b *graph.Node) *graph.Node {
	return graph.Apply(&binary{kind: kSub, vjp: subVJP}, a, b)
}

// ∂(a−b)/∂a = 1, ∂(a−b)/∂b = −1.
func subVJP(i int, _, _, _, dy *graph.Node) *graph.Node {
	if i == 0 {
		return dy
	}
	return Neg(dy)
}
