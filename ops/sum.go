package ops

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
)

// Sum adds x's elements over the given axes, which are removed from the
// shape (negative axes count from the end). With no axes it sums everything
// to a scalar. An axis out of range or given twice gives a bad node.
// Sum is SumTo followed by Reshape, so it needs no gradient code of its own.
func Sum(x *graph.Node, axes ...int) *graph.Node {
	keep, out, err := reduceShapes(x, axes)
	if err != nil {
		return graph.Fail("Sum", err, x)
	}
	return Reshape(SumTo(x, keep...), out...)
}

// Mean averages x's elements over the given axes, or all of them, like Sum.
func Mean(x *graph.Node, axes ...int) *graph.Node {
	keep, _, err := reduceShapes(x, axes)
	if err != nil {
		return graph.Fail("Mean", err, x)
	}
	n := 1
	for i, d := range x.Shape() {
		if keep[i] == 1 {
			n *= d
		}
	}
	return Mul(Sum(x, axes...), scalarLike(x, 1/float64(n)))
}

// reduceShapes returns x's shape with the reduced axes set to 1 (keep) and
// removed (out). No axes means all.
func reduceShapes(x *graph.Node, axes []int) (keep, out []int, err error) {
	if x == nil || x.Bad() {
		return nil, nil, errors.New("nil or bad operand")
	}
	s := x.Shape()
	red := make([]bool, len(s))
	if len(axes) == 0 {
		for i := range red {
			red[i] = true
		}
	}
	for _, a := range axes {
		ax := a
		if ax < 0 {
			ax += len(s)
		}
		if ax < 0 || ax >= len(s) {
			return nil, nil, errors.Errorf("axis %d out of range for shape %s", a, graph.ShapeString(s))
		}
		if red[ax] {
			return nil, nil, errors.Errorf("axis %d given twice", a)
		}
		red[ax] = true
	}
	keep = make([]int, len(s))
	out = []int{}
	for i, d := range s {
		keep[i] = d
		if red[i] {
			keep[i] = 1
		} else {
			out = append(out, d)
		}
	}
	return keep, out, nil
}
