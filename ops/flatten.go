package ops

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
)

// Flatten keeps x's first dimension (the batch) and flattens the others
// into one: [B, C, H, W] becomes [B, C·H·W], as torch.flatten(x, 1) and
// Keras' Flatten do. A vector [B] becomes [B, 1] (as in Keras). It is a
// Reshape, so it accepts float and int tensors. A scalar gives a bad node.
func Flatten(x *graph.Node) *graph.Node {
	if bad := guard("Flatten", x); bad != nil {
		return bad
	}
	if len(x.Shape()) == 0 {
		return graph.Fail("Flatten", errors.New("a scalar has no batch dimension to keep"), x)
	}
	if len(x.Shape()) == 1 {
		return Reshape(x, x.Shape()[0], 1)
	}
	return FlattenFrom(x, 1)
}

// FlattenFrom keeps x's dimensions before axis and flattens axis and all
// after it into one (torch.flatten(x, axis)): FlattenFrom of [B, T, H, W]
// at 2 is [B, T, H·W]. Negative axes count from the end. A scalar, or an
// axis out of range, gives a bad node.
func FlattenFrom(x *graph.Node, axis int) *graph.Node {
	if bad := guard("FlattenFrom", x); bad != nil {
		return bad
	}
	s := x.Shape()
	a, err := normAxis(axis, s)
	if err != nil {
		return graph.Fail("FlattenFrom", err, x)
	}
	shape := append(append([]int{}, s[:a]...), -1)
	return Reshape(x, shape...)
}
