package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// normAxis returns axis as an index into a shape of the given rank, counting
// negative axes from the end, or an error naming the shape.
func normAxis(axis int, s tensor.Shape) (int, error) {
	a := axis
	if a < 0 {
		a += len(s)
	}
	if a < 0 || a >= len(s) {
		return 0, errors.Errorf("axis %d out of range for shape %s", axis, graph.ShapeString(s))
	}
	return a, nil
}

// axisSplit views shape s as [outer, n, inner] around axis a: outer is the
// product of the dimensions before a, n = s[a], inner the product after.
func axisSplit(s tensor.Shape, a int) (outer, n, inner int) {
	outer, inner = 1, 1
	for _, d := range s[:a] {
		outer *= d
	}
	for _, d := range s[a+1:] {
		inner *= d
	}
	return outer, s[a], inner
}

// keepDims returns s with dimension a set to 1.
func keepDims(s tensor.Shape, a int) []int {
	k := append([]int{}, s...)
	k[a] = 1
	return k
}

// sameData checks that every operand has the same dtype, float64, float32 or
// int (ops that only move elements accept int tensors too), and returns it.
func sameData(in []*graph.Node) (tensor.Dtype, error) {
	dt := in[0].Dtype()
	for i, n := range in {
		if n.Dtype() != dt {
			return dt, errors.Errorf("operand %d has dtype %v, operand 0 has %v", i, n.Dtype(), dt)
		}
	}
	if dt != tensor.Float64 && dt != tensor.Float32 && dt != tensor.Int {
		return dt, errors.Errorf("dtype %v, want float64, float32 or int", dt)
	}
	return dt, nil
}

// guard returns a bad node for the composite op name when an operand is nil
// or bad, and nil when all operands are usable. Composites call it before
// touching an operand's shape, so that they never panic.
func guard(name string, in ...*graph.Node) *graph.Node {
	for i, n := range in {
		if n == nil {
			return graph.Fail(name, errors.Errorf("operand %d is nil", i), in...)
		}
		if n.Bad() || n.Graph() == nil {
			return graph.Fail(name, errors.Errorf("operand %d is bad", i), in...)
		}
	}
	return nil
}

// alongAxis is the part of an op that works along one axis: the axis as
// given, the axis normalised by setAxis, and the operand's shape split around
// it (outer × n × inner, n the axis' length).
type alongAxis struct {
	axis            int
	a               int
	outer, n, inner int
}

// setAxis checks that in has one float operand with the axis in range, and
// records the split. It returns the operand's shape and dtype.
func (o *alongAxis) setAxis(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	s := in[0].Shape()
	if o.a, err = normAxis(o.axis, s); err != nil {
		return nil, dt, err
	}
	o.outer, o.n, o.inner = axisSplit(s, o.a)
	return s, dt, nil
}
