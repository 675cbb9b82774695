package ops

import "github.com/chainrule/chainrule/graph"

// Greater returns 1 where a > b and 0 elsewhere, elementwise with NumPy
// broadcasting, in a's dtype. It is a step function: no gradient flows
// through it (its derivative is 0 almost everywhere). Use it as a mask or as
// the condition of Where.
func Greater(a, b *graph.Node) *graph.Node {
	return graph.Apply(&binary{kind: kGreater, vjp: greaterVJP}, a, b)
}

func greaterVJP(_ int, _, _, _, _ *graph.Node) *graph.Node { return nil }
