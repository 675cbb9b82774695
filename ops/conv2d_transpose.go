package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// Conv2DTransposeOptions configure Conv2DTranspose, per axis as [rows,
// columns]. The zero value is PyTorch's conv_transpose2d default: stride 1,
// no padding or output padding, dilation 1, one group. A zero entry means
// the default; negative entries give a bad node.
type Conv2DTransposeOptions struct {
	Stride  [2]int // 0 means 1
	Padding [2]int // removed from both sides of the full result
	// OutputPadding is added to one side of the result, to pick among the
	// input sizes a Conv2D of these options maps to the same size; it must
	// be smaller than the stride or the dilation.
	OutputPadding [2]int
	Dilation      [2]int // 0 means 1
	Groups        int    // 0 means 1
}

// Conv2DTranspose returns the transposed convolution (PyTorch's
// conv_transpose2d, the adjoint of Conv2D with respect to its input) of x
// [B, Cin, H, W] with weights w [Cin, Cout/groups, kH, kW]: a [B, Cout,
// Hout, Wout] node with Hout = (H − 1)·stride − 2·padding + dilation·(kH −
// 1) + output_padding + 1 and likewise Wout. Its gradient with respect to x
// is a Conv2D, with respect to w a Conv2DWeightGrad.
//
// Operands other than two float tensors of rank 4 and one dtype, Cin not
// divisible by groups, a weight count that does not match Cin, negative
// options, output padding not smaller than the stride or the dilation, or an
// empty output give a bad node.
func Conv2DTranspose(x, w *graph.Node, opt Conv2DTransposeOptions) *graph.Node {
	return graph.Apply(&convTranspose{opt: opt, public: true}, x, w)
}

// convTransposeTo is Conv2D's input gradient: the transposed convolution of
// dy with w for geometry g, to an h × w result.
func convTransposeTo(dy, w *graph.Node, g convGeom, h, wd int) *graph.Node {
	return graph.Apply(&convTranspose{opt: Conv2DTransposeOptions{Stride: [2]int{g.sh, g.sw}, Padding: [2]int{g.ph, g.pw},
		Dilation: [2]int{g.dh, g.dw}, Groups: g.g}, h: h, w: wd}, dy, w)
}

// convTranspose computes the input space [b, c, h, w] of d from the output
// space [b, o, ho, wo]: for the public op, h and w follow from the output
// padding; for a gradient they are the convolved input's.
type convTranspose struct {
	opt    Conv2DTransposeOptions
	public bool
	h, w   int
	d      convDims
	dk     floatKind
}

func (o *convTranspose) Name() string {
	if o.public {
		return "Conv2DTranspose"
	}
	return "Conv2DInputGrad"
}

func (o *convTranspose) String() string { return o.Name() + "(" + o.d.convGeom.String() + ")" }

func (o *convTranspose) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := rank4(in, "input [B, Cin, H, W] and weights [Cin, Cout/groups, kH, kW]")
	if err != nil {
		return nil, dt, err
	}
	xs, ws := in[0].Shape(), in[1].Shape()
	op := o.opt.OutputPadding
	if op[0] < 0 || op[1] < 0 {
		return nil, dt, errors.Errorf("output padding %v is negative", op)
	}
	g, err := Conv2DOptions{Stride: o.opt.Stride, Padding: o.opt.Padding, Dilation: o.opt.Dilation, Groups: o.opt.Groups}.geom(ws[2], ws[3])
	if err != nil {
		return nil, dt, err
	}
	d := convDims{convGeom: g, b: xs[0], o: xs[1], ho: xs[2], wo: xs[3]}
	if ws[0] != d.o {
		return nil, dt, errors.Errorf("weights %s need %d input channels, got %d", graph.ShapeString(ws), ws[0], d.o)
	}
	if d.g > d.o || d.o%d.g != 0 {
		return nil, dt, errors.Errorf("%d input channels are not divisible by groups=%d", d.o, d.g)
	}
	d.c = ws[1] * d.g
	if o.public {
		if op[0] >= max(g.sh, g.dh) || op[1] >= max(g.sw, g.dw) {
			return nil, dt, errors.Errorf("output padding %v must be smaller than the stride (%d, %d) or the dilation (%d, %d)", op, g.sh, g.sw, g.dh, g.dw)
		}
		o.h = (d.ho-1)*g.sh - 2*g.ph + g.dh*(g.kh-1) + op[0] + 1
		o.w = (d.wo-1)*g.sw - 2*g.pw + g.dw*(g.kw-1) + op[1] + 1
		if o.h < 1 || o.w < 1 {
			return nil, dt, errors.Errorf("the output would be empty (%d×%d)", o.h, o.w)
		}
	}
	d.h, d.w = o.h, o.w
	if d.ho > outSize(d.h, g.kh, g.sh, g.ph, g.dh) || d.wo > outSize(d.w, g.kw, g.sw, g.pw, g.dw) {
		return nil, dt, errors.Errorf("input %s is larger than a convolution of %d×%d (%s) gives", graph.ShapeString(xs), d.h, d.w, g)
	}
	o.d, o.dk = d, kindOf(dt)
	return tensor.Shape{d.b, d.c, d.h, d.w}, dt, nil
}

func (o *convTranspose) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype(o.Name(), dst.Dtype())
	}
	run()
	return nil
}

func (o *convTranspose) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		return prepConvT(&o.d, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		return prepConvT(&o.d, f32(dst), f32(in[0]), f32(in[1]))
	}
	return nil
}

// prepConvT computes, for each image and group, col = w_gᵀ · x_g ([K,
// O/groups]·[O/groups, H·W]) and adds it into y with col2im.
func prepConvT[T Float](d *convDims, y, x, w []T) func() {
	r := &partRunner{parts: batchParts(d.b)}
	cols := make([][]T, r.parts)
	if !d.direct() {
		for p := range cols {
			cols[p] = make([]T, d.k()*d.l())
		}
	}
	hw, cg, og, k, l := d.h*d.w, d.cg(), d.og(), d.k(), d.l()
	cs := d.colShape()
	r.body = func(p int, g Gemm) {
		lo, hi := partRange(p, r.parts, d.b)
		for b := lo; b < hi; b++ {
			for gr := 0; gr < d.g; gr++ {
				xg := x[(b*d.o+gr*og)*l:]
				yg := y[(b*d.c+gr*cg)*hw : (b*d.c+(gr+1)*cg)*hw]
				if d.direct() {
					gemmT(g, true, false, k, l, og, w[gr*og*k:], k, xg, l, 0, yg, l)
					continue
				}
				gemmT(g, true, false, k, l, og, w[gr*og*k:], k, xg, l, 0, cols[p], l)
				clear(yg)
				kernels.Col2im(&cs, cols[p], yg)
			}
		}
	}
	return r.run
}

// x's gradient is the convolution of dy (cut to x's size when the output
// padding made the result larger than a convolution maps back); w's
// correlates dy with x.
func (o *convTranspose) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, dy, bothOperands)
}

// PartialVJP builds only the adjoints Grad asks for.
func (o *convTranspose) PartialVJP(y, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	x, w := y.Inputs()[0], y.Inputs()[1]
	out := make([]*graph.Node, 2)
	if needs[0] {
		out[0] = sliceTo(Conv2D(dy, w, o.d.convGeom.opts()), o.d.ho, o.d.wo)
	}
	if needs[1] {
		out[1] = convWeightGrad(dy, x, o.d.convGeom)
	}
	return out, nil
}
