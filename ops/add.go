package ops

import "github.com/chainrule/chainrule/graph"

// Add returns a + b elementwise, with NumPy broadcasting (e.g. [B, H] + [H]).
// Shapes that do not broadcast or different dtypes give a bad node.
func Add(a, b *graph.Node) *graph.Node {
	return graph.Apply(&binary{kind: kAdd, vjp: addVJP}, a, b)
}

// ∂(a+b)/∂a = ∂(a+b)/∂b = 1.
func addVJP(_ int, _, _, _, dy *graph.Node) *graph.Node { return dy }
