package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// maxPoolGrad is MaxPool2D's gradient (x, dy) → dx: dy routed to the first
// maximum of x in each window. It is linear in dy and piecewise constant in
// x, so its own gradient goes to dy only: the gradient at the first maxima
// of x, picked by maxPoolPick.
type maxPoolGrad struct {
	p  poolDims
	dk floatKind
}

func (o *maxPoolGrad) Name() string   { return "MaxPool2DGrad" }
func (o *maxPoolGrad) String() string { return "MaxPool2DGrad(" + o.p.String() + ")" }

func (o *maxPoolGrad) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := poolPair(in, &o.p, o.p.outShape())
	return in[0].Shape().Clone(), dt, err
}

// poolPair checks that in[0] has the pooled input's shape and in[1] the
// shape second.
func poolPair(in []*graph.Node, p *poolDims, second tensor.Shape) (tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return dt, err
	}
	if xs := (tensor.Shape{p.b, p.c, p.h, p.w}); !in[0].Shape().Eq(xs) || !in[1].Shape().Eq(second) {
		return dt, errors.Errorf("operands must have shapes %s and %s", graph.ShapeString(xs), graph.ShapeString(second))
	}
	return dt, nil
}

func (o *maxPoolGrad) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("MaxPool2DGrad", dst.Dtype())
	}
	run()
	return nil
}

func (o *maxPoolGrad) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d := &o.p
	switch o.dk.of(dst) {
	case kindF64:
		dx, x, dy := f64(dst), f64(in[0]), f64(in[1])
		return d.splitPlanes(func(lo, hi int) { maxPoolScatter(d, lo, hi, dx, x, dy) })
	case kindF32:
		dx, x, dy := f32(dst), f32(in[0]), f32(in[1])
		return d.splitPlanes(func(lo, hi int) { maxPoolScatter(d, lo, hi, dx, x, dy) })
	}
	return nil
}

// NoGrad reports that the pooled input x (operand 0) only selects positions:
// the result is piecewise constant in it.
func (o *maxPoolGrad) NoGrad(i int) bool { return i == 0 }

func (o *maxPoolGrad) VJP(y, g *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{nil, graph.Apply(&maxPoolPick{p: o.p, dk: o.dk}, y.Inputs()[0], g)}, nil
}

// maxPoolPick (x, v) → for each window, v at the first maximum of x: the
// adjoint of maxPoolGrad in its second operand, whose own adjoint is
// maxPoolGrad again.
type maxPoolPick struct {
	p  poolDims
	dk floatKind
}

func (o *maxPoolPick) Name() string   { return "MaxPool2DPick" }
func (o *maxPoolPick) String() string { return "MaxPool2DPick(" + o.p.String() + ")" }

func (o *maxPoolPick) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := poolPair(in, &o.p, tensor.Shape{o.p.b, o.p.c, o.p.h, o.p.w})
	return o.p.outShape(), dt, err
}

func (o *maxPoolPick) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("MaxPool2DPick", dst.Dtype())
	}
	run()
	return nil
}

func (o *maxPoolPick) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d := &o.p
	switch o.dk.of(dst) {
	case kindF64:
		y, x, v := f64(dst), f64(in[0]), f64(in[1])
		return d.splitPlanes(func(lo, hi int) { maxPoolSelect(d, lo, hi, y, x, v) })
	case kindF32:
		y, x, v := f32(dst), f32(in[0]), f32(in[1])
		return d.splitPlanes(func(lo, hi int) { maxPoolSelect(d, lo, hi, y, x, v) })
	}
	return nil
}

// NoGrad reports that x (operand 0) only selects positions.
func (o *maxPoolPick) NoGrad(i int) bool { return i == 0 }

func (o *maxPoolPick) VJP(y, g *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{nil, graph.Apply(&maxPoolGrad{p: o.p, dk: o.dk}, y.Inputs()[0], g)}, nil
}
