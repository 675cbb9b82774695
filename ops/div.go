package ops

import "github.com/chainrule/chainrule/graph"

// Div returns a / b elementwise, with NumPy broadcasting. Division by zero
// follows IEEE 754 (±Inf or NaN); Program.SetCheck reports it. Shapes that do
// not broadcast or different dtypes give a bad node.
func Div(a, b *graph.Node) *graph.Node {
	return graph.Apply(&binary{kind: kDiv, vjp: divVJP}, a, b)
}

// ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −y/b.
func divVJP(i int, _, b, y, dy *graph.Node) *graph.Node {
	if i == 0 {
		return Div(dy, b)
	}
	return Neg(Div(Mul(dy, y), b))
}
