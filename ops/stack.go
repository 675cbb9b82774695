package ops

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
)

// Stack joins xs, which must all have the same shape, along a new axis
// (NumPy's and PyTorch's stack): n operands of shape [B, H] stacked on axis
// 1 give [B, n, H]. axis may be from −(rank+1) to rank, negative values
// counting from the end of the result's shape. It accepts float and int
// tensors. Stack is Concat of the operands reshaped to size 1 along the
// new axis, so it needs no gradient code of its own. No operands,
// differing shapes or an axis out of range give a bad node.
func Stack(axis int, xs ...*graph.Node) *graph.Node {
	if len(xs) == 0 {
		return graph.Fail("Stack", errors.New("no operands"))
	}
	if bad := guard("Stack", xs...); bad != nil {
		return bad
	}
	s0 := xs[0].Shape()
	for i, x := range xs {
		if !graph.SameShape(x.Shape(), s0) {
			return graph.Fail("Stack", errors.Errorf("operand %d has shape %s, operand 0 has %s: stacked operands must have the same shape",
				i, graph.ShapeString(x.Shape()), graph.ShapeString(s0)), xs...)
		}
	}
	a := axis
	if a < 0 {
		a += len(s0) + 1
	}
	if a < 0 || a > len(s0) {
		return graph.Fail("Stack", errors.Errorf("axis %d out of range for stacking operands of shape %s", axis, graph.ShapeString(s0)), xs...)
	}
	shape := append(append(append([]int{}, s0[:a]...), 1), s0[a:]...)
	parts := make([]*graph.Node, len(xs))
	for i, x := range xs {
		parts[i] = Reshape(x, shape...)
	}
	return Concat(a, parts...)
}
