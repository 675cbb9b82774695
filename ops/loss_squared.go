package ops

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
)

// SquaredError returns the lecture's error E = ½ Σ (t − o)² over all elements
// of the output o and the target t, a scalar whose gradient with respect to
// o is o − t. o and t must have the same shape (no broadcasting, which would
// hide a [B, 1] against [B] mistake) and dtype; otherwise, or when either is
// nil or bad, it gives a bad node.
func SquaredError(o, t *graph.Node) *graph.Node {
	if bad := sameShapeLoss("SquaredError", o, t); bad != nil {
		return bad
	}
	return Mul(scalarLike(o, 0.5), Sum(Square(Sub(t, o))))
}

// MeanSquaredError returns (1/N) Σ (t − o)² over the N elements of the output
// o and the target t, a scalar. o and t must have the same shape and dtype;
// otherwise, or when either is nil or bad, it gives a bad node.
func MeanSquaredError(o, t *graph.Node) *graph.Node {
	if bad := sameShapeLoss("MeanSquaredError", o, t); bad != nil {
		return bad
	}
	return Mean(Square(Sub(t, o)))
}

// sameShapeLoss returns a bad node for loss name unless o and t are usable
// nodes of one shape and dtype, and nil if they are.
func sameShapeLoss(name string, o, t *graph.Node) *graph.Node {
	if bad := guard(name, o, t); bad != nil {
		return bad
	}
	if !graph.SameShape(o.Shape(), t.Shape()) {
		return graph.Fail(name, errors.Errorf("output %s and target %s must have the same shape",
			graph.ShapeString(o.Shape()), graph.ShapeString(t.Shape())), o, t)
	}
	if _, err := sameFloat([]*graph.Node{o, t}); err != nil {
		return graph.Fail(name, err, o, t)
	}
	return nil
}
