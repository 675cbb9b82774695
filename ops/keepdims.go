package ops

import "github.com/chainrule/chainrule/graph"

// SumKeep is Sum that keeps the reduced axes with size 1 (keepdims): the
// column sums of a [B, F] batch, SumKeep(x, 0), have shape [1, F] and
// broadcast back against x whatever B is. With no axes it sums everything
// to a tensor of x's rank with every dimension 1. An axis out of range or
// given twice gives a bad node.
func SumKeep(x *graph.Node, axes ...int) *graph.Node {
	keep, _, err := reduceShapes(x, axes)
	if err != nil {
		return graph.Fail("SumKeep", err, x)
	}
	return SumTo(x, keep...)
}

// MeanKeep is Mean that keeps the reduced axes with size 1, like SumKeep:
// MeanKeep(x, 0) of a [B, F] batch is the [1, F] mean over the batch.
func MeanKeep(x *graph.Node, axes ...int) *graph.Node {
	keep, _, err := reduceShapes(x, axes)
	if err != nil {
		return graph.Fail("MeanKeep", err, x)
	}
	return Mul(SumTo(x, keep...), scalarLike(x, 1/float64(reducedCount(x, keep))))
}

// MaxKeep is Max that keeps the axis with size 1: MaxKeep(x, -1) of
// [B, K] logits is [B, 1], ready to subtract from them. Its gradient flows
// to the first maximum of each line, as Max's does.
func MaxKeep(x *graph.Node, axis int) *graph.Node {
	if bad := guard("MaxKeep", x); bad != nil {
		return bad
	}
	a, err := normAxis(axis, x.Shape())
	if err != nil {
		return graph.Fail("MaxKeep", err, x)
	}
	return Reshape(Max(x, a), keepDims(x.Shape(), a)...)
}

// reducedCount returns how many elements of x each element of SumTo(x,
// keep...) sums.
func reducedCount(x *graph.Node, keep []int) int {
	n := 1
	for i, d := range x.Shape() {
		if keep[i] == 1 {
			n *= d
		}
	}
	return n
}
