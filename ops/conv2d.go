package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// Conv2D returns the 2-D convolution (PyTorch's conv2d, a cross-correlation)
// of x [B, C, H, W] with weights w [O, C/groups, kH, kW]: a [B, O, Hout,
// Wout] node with Hout = ⌊(H + 2·padding − dilation·(kH − 1) − 1)/stride + 1⌋
// and likewise Wout. Groups split the channels: output channels
// [g·O/groups, (g+1)·O/groups) see input channels [g·C/groups,
// (g+1)·C/groups) only; groups = C is a depthwise convolution. A bias is a
// separate Add of a [O, 1, 1] node.
//
// Its gradient with respect to x is a Conv2DTranspose of the output's
// gradient (to x's size; printed as Conv2DInputGrad) and with respect to w
// a Conv2DWeightGrad, so it can be differentiated again. Operands other than two float tensors of rank 4 and
// one dtype, channels not divisible by groups, weights whose channel count
// does not match C/groups, negative options, or an empty output give a bad
// node.
func Conv2D(x, w *graph.Node, opt Conv2DOptions) *graph.Node {
	return graph.Apply(&conv2d{opt: opt}, x, w)
}

type conv2d struct {
	opt Conv2DOptions
	d   convDims
	dk  floatKind
}

func (o *conv2d) Name() string { return "Conv2D" }
func (o *conv2d) String() string {
	return "Conv2D(" + o.d.convGeom.String() + ")"
}

func (o *conv2d) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := rank4(in, "input [B, C, H, W] and weights [O, C/groups, kH, kW]")
	if err != nil {
		return nil, dt, err
	}
	xs, ws := in[0].Shape(), in[1].Shape()
	g, err := o.opt.geom(ws[2], ws[3])
	if err != nil {
		return nil, dt, err
	}
	o.d = convDims{convGeom: g, b: xs[0], c: xs[1], h: xs[2], w: xs[3], o: ws[0]}
	if err := o.d.channels("weights "+graph.ShapeString(ws), ws[1]); err != nil {
		return nil, dt, err
	}
	if err := o.d.fullOut(); err != nil {
		return nil, dt, err
	}
	o.dk = kindOf(dt)
	return tensor.Shape{o.d.b, o.d.o, o.d.ho, o.d.wo}, dt, nil
}

func (o *conv2d) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("Conv2D", dst.Dtype())
	}
	run()
	return nil
}

func (o *conv2d) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		return prepConv(&o.d, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		return prepConv(&o.d, f32(dst), f32(in[0]), f32(in[1]))
	}
	return nil
}

// prepConv computes, for each image and group, y_g = w_g · im2col(x_g)
// ([O/groups, K]·[K, Hout·Wout], K = C/groups·kH·kW) straight into y.
func prepConv[T Float](d *convDims, y, x, w []T) func() { return prepConvThen(d, y, x, w, nil) }

// prepConvThen is prepConv followed, for each image, by then(row, c) on
// each output channel c's row of Hout·Wout elements (a bias add), nil for
// none.
func prepConvThen[T Float](d *convDims, y, x, w []T, then func(row []T, c int)) func() {
	r := &partRunner{parts: batchParts(d.b)}
	cols := make([][]T, r.parts)
	if !d.direct() {
		for p := range cols {
			cols[p] = make([]T, d.k()*d.l())
		}
	}
	chw, cg, og, k, l := d.c*d.h*d.w, d.cg(), d.og(), d.k(), d.l()
	cs := d.colShape()
	r.body = func(p int, g Gemm) {
		lo, hi := partRange(p, r.parts, d.b)
		for b := lo; b < hi; b++ {
			for gr := 0; gr < d.g; gr++ {
				xg := x[b*chw+gr*cg*d.h*d.w:]
				col := xg
				if !d.direct() {
					col = cols[p]
					kernels.Im2col(&cs, xg, col)
				}
				gemmT(g, false, false, og, l, k, w[gr*og*k:], k, col, l, 0, y[(b*d.o+gr*og)*l:], l)
			}
			if then != nil {
				for c := 0; c < d.o; c++ {
					then(y[(b*d.o+c)*l:(b*d.o+c+1)*l], c)
				}
			}
		}
	}
	return r.run
}

// The input's gradient is the transposed convolution of dy with the same
// weights, to x's size; the weights' gradient correlates x with dy.
func (o *conv2d) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, dy, bothOperands)
}

// PartialVJP builds only the adjoints Grad asks for: no transposed
// convolution for a network's input image.
func (o *conv2d) PartialVJP(y, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	x, w := y.Inputs()[0], y.Inputs()[1]
	out := make([]*graph.Node, 2)
	if needs[0] {
		out[0] = convTransposeTo(dy, w, o.d.convGeom, o.d.h, o.d.w)
	}
	if needs[1] {
		out[1] = convWeightGrad(x, dy, o.d.convGeom)
	}
	return out, nil
}

// sliceTo cuts the spatial axes of v [B, C, H', W'] down to h × w.
func sliceTo(v *graph.Node, h, w int) *graph.Node {
	if v.Bad() || len(v.Shape()) != 4 {
		return v
	}
	if s := v.Shape(); s[2] < h || s[3] < w {
		return graph.Fail("Conv2D", errors.Errorf("cannot cut %s to %d×%d", graph.ShapeString(s), h, w), v)
	}
	if v.Shape()[2] > h {
		v = Slice(v, 2, 0, h)
	}
	if v.Shape()[3] > w {
		v = Slice(v, 3, 0, w)
	}
	return v
}

var (
	_ graph.PartialVJPer = (*conv2d)(nil)
	_ graph.PartialVJPer = (*convTranspose)(nil)
	_ graph.PartialVJPer = (*convWeight)(nil)
	_ graph.NoGrader     = (*maxPoolGrad)(nil)
	_ graph.NoGrader     = (*maxPoolPick)(nil)
)
