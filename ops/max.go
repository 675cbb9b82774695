package ops

import (
	"strconv"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Max returns the largest element of x along axis, which is removed from the
// shape (negative axes count from the end; a vector gives a scalar). Its
// gradient flows to the first position holding the maximum only. An axis out
// of range or a non-float x gives a bad node.
func Max(x *graph.Node, axis int) *graph.Node {
	return graph.Apply(&maxOp{alongAxis{axis: axis}}, x)
}

type maxOp struct{ alongAxis }

func (o *maxOp) Name() string   { return "Max" }
func (o *maxOp) String() string { return "Max(axis " + strconv.Itoa(o.axis) + ")" }

func (o *maxOp) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	s, dt, err := o.setAxis(in)
	if err != nil {
		return nil, dt, err
	}
	out := append(append(tensor.Shape{}, s[:o.a]...), s[o.a+1:]...)
	return out, dt, nil
}

func (o *maxOp) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		maxK(o.outer, o.n, o.inner, f64(dst), f64(in[0]), nil)
	case tensor.Float32:
		maxK(o.outer, o.n, o.inner, f32(dst), f32(in[0]), nil)
	default:
		return errDtype("Max", dst.Dtype())
	}
	return nil
}

// dx = dy (with the axis put back as size 1, broadcast) times a mask that is
// 1 at the first argmax of each line and 0 elsewhere.
func (o *maxOp) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	x := y.Inputs()[0]
	mask := graph.Apply(&argmaxMask{m: *o}, x)
	return []*graph.Node{Mul(Reshape(dy, keepDims(x.Shape(), o.a)...), mask)}, nil
}

// maxK writes the maximum of every line along the axis into d ([outer,
// inner]); with a mask (x's shape) it writes 1 at each line's first argmax
// and 0 elsewhere instead.
func maxK[T Float](outer, n, inner int, d, x, mask []T) {
	clear(mask)
	for p := 0; p < outer; p++ {
		for q := 0; q < inner; q++ {
			i0 := p*n*inner + q
			best := i0
			for k := 1; k < n; k++ {
				if i := i0 + k*inner; x[i] > x[best] {
					best = i
				}
			}
			if mask != nil {
				mask[best] = 1
			} else {
				d[p*inner+q] = x[best]
			}
		}
	}
}

// argmaxMask is Max's gradient mask: x's shape, 1 at the first maximum of
// each line along the axis. It is piecewise constant, so no gradient flows
// through it.
type argmaxMask struct{ m maxOp }

func (o *argmaxMask) Name() string { return "ArgmaxMask" }
func (o *argmaxMask) String() string {
	return "ArgmaxMask(axis " + strconv.Itoa(o.m.axis) + ")"
}

func (o *argmaxMask) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	if _, dt, err := o.m.Infer(in); err != nil {
		return nil, dt, err
	}
	return in[0].Shape().Clone(), in[0].Dtype(), nil
}

func (o *argmaxMask) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	m := &o.m
	switch dst.Dtype() {
	case tensor.Float64:
		maxK(m.outer, m.n, m.inner, nil, f64(in[0]), f64(dst))
	case tensor.Float32:
		maxK(m.outer, m.n, m.inner, nil, f32(in[0]), f32(dst))
	default:
		return errDtype("ArgmaxMask", dst.Dtype())
	}
	return nil
}

func (o *argmaxMask) VJP(_, _ *graph.Node) ([]*graph.Node, error) { return []*graph.Node{nil}, nil }

// NoGrad reports that the mask passes no gradient to its operand.
func (o *argmaxMask) NoGrad(int) bool { return true }
