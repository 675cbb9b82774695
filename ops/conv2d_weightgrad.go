package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// Conv2DWeightGrad returns the gradient of Σ dy ⊙ Conv2D(x, w, opt) with
// respect to w, for x [B, C, H, W] and dy [B, O, Hout, Wout] and a kernel
// of kernel[0] × kernel[1]: a [O, C/groups, kH, kW] node. It is Conv2D's
// weight gradient (and Conv2DTranspose's, with the operands' roles
// swapped); its own gradients are a Conv2DTranspose and a Conv2D. dy may be
// smaller than the convolution's output (positions past it count as zero).
//
// Operands other than two float tensors of rank 4 and one dtype, different
// batch sizes, C or O not divisible by groups, negative options, or a dy
// larger than the convolution's output give a bad node.
func Conv2DWeightGrad(x, dy *graph.Node, kernel [2]int, opt Conv2DOptions) *graph.Node {
	return graph.Apply(&convWeight{opt: opt, kh: kernel[0], kw: kernel[1]}, x, dy)
}

func convWeightGrad(x, dy *graph.Node, g convGeom) *graph.Node {
	return Conv2DWeightGrad(x, dy, [2]int{g.kh, g.kw}, g.opts())
}

// wgChunks is the most parts a batch is cut into for the weight gradient, a
// sum over the images: each part sums its images into its own buffer and
// the parts are added in order. The count depends on the batch size only,
// so the result does not depend on the number of cores.
const wgChunks = 8

type convWeight struct {
	opt    Conv2DOptions
	kh, kw int
	d      convDims
	dk     floatKind
}

func (o *convWeight) Name() string   { return "Conv2DWeightGrad" }
func (o *convWeight) String() string { return "Conv2DWeightGrad(" + o.d.convGeom.String() + ")" }

func (o *convWeight) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := rank4(in, "input [B, C, H, W] and output gradient [B, O, Hout, Wout]")
	if err != nil {
		return nil, dt, err
	}
	xs, ys := in[0].Shape(), in[1].Shape()
	g, err := o.opt.geom(o.kh, o.kw)
	if err != nil {
		return nil, dt, err
	}
	if xs[0] != ys[0] {
		return nil, dt, errors.Errorf("batch sizes differ: %d and %d", xs[0], ys[0])
	}
	d := convDims{convGeom: g, b: xs[0], c: xs[1], h: xs[2], w: xs[3], o: ys[1]}
	if d.g > d.c || d.c%d.g != 0 {
		return nil, dt, errors.Errorf("%d input channels are not divisible by groups=%d", d.c, d.g)
	}
	if d.o%d.g != 0 {
		return nil, dt, errors.Errorf("%d output channels are not divisible by groups=%d", d.o, d.g)
	}
	if err := d.fullOut(); err != nil {
		return nil, dt, err
	}
	if ys[2] > d.ho || ys[3] > d.wo {
		return nil, dt, errors.Errorf("output gradient %s is larger than the convolution's output %d×%d (%s)", graph.ShapeString(ys), d.ho, d.wo, g)
	}
	d.ho, d.wo = ys[2], ys[3]
	o.d, o.dk = d, kindOf(dt)
	return tensor.Shape{d.o, d.cg(), d.kh, d.kw}, dt, nil
}

func (o *convWeight) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("Conv2DWeightGrad", dst.Dtype())
	}
	run()
	return nil
}

func (o *convWeight) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		return prepConvWeight(&o.d, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		return prepConvWeight(&o.d, f32(dst), f32(in[0]), f32(in[1]))
	}
	return nil
}

// prepConvWeight sums, over the images, dw_g += dy_g · im2col(x_g)ᵀ
// ([O/groups, Hout·Wout]·[Hout·Wout, K]). The columns are built transposed
// (kernels.Im2colT), so the product reads them in place instead of packing
// a transposed operand; each element is the same chain of multiply-adds
// over the output positions either way. Their rows, and the partial sums'
// rows, are padded to wgWidth's kp ≥ K columns of zeros where that pays:
// the GEMM then runs whole kernel widths (LeNet's conv1, K = 25: 4.5 µs
// an image at 32 against 9.9 at 25) and the first K columns are the same
// bits, as each is the same chain.
func prepConvWeight[T Float](d *convDims, dw, x, dy []T) func() {
	parts := max(1, min(d.b, wgChunks))
	r := &partRunner{parts: parts}
	chw, hw, cg, og, k, l := d.c*d.h*d.w, d.h*d.w, d.cg(), d.og(), d.k(), d.l()
	kp := k
	if !d.direct() {
		kp = wgWidth[T](k)
	}
	cols := make([][]T, parts)
	sums := make([][]T, parts)
	for p := range cols {
		if !d.direct() {
			cols[p] = make([]T, kp*l)
		}
		if p > 0 || kp != k {
			sums[p] = make([]T, d.o*kp)
		}
	}
	if kp == k {
		sums[0] = dw
	}
	cs := d.colShape()
	r.body = func(p int, g Gemm) {
		lo, hi := partRange(p, parts, d.b)
		for b := lo; b < hi; b++ {
			var beta T
			if b > lo {
				beta = 1
			}
			for gr := 0; gr < d.g; gr++ {
				xg := x[b*chw+gr*cg*hw:]
				if d.direct() {
					gemmT(g, false, true, og, k, l, dy[(b*d.o+gr*og)*l:], l, xg, l, beta, sums[p][gr*og*k:], k)
					continue
				}
				kernels.Im2colT(&cs, xg, cols[p], kp)
				gemmT(g, false, false, og, kp, l, dy[(b*d.o+gr*og)*l:], l, cols[p], kp, beta, sums[p][gr*og*kp:], kp)
			}
		}
	}
	return func() {
		r.run()
		// The parts' sums added in part order (vector adds: the same
		// operation on each element), the padding dropped.
		if kp == k {
			for _, s := range sums[1:] {
				accumT(dw, s)
			}
			return
		}
		for o := 0; o < d.o; o++ {
			row := dw[o*k : (o+1)*k]
			copy(row, sums[0][o*kp:])
			for _, s := range sums[1:] {
				accumT(row, s[o*kp:o*kp+k])
			}
		}
	}
}

// wgNoPad, when set, turns the padding off: the tests check that it does
// not change the result.
var wgNoPad bool

// wgWidth returns the row width of the weight gradient's transposed
// columns for K taps: K rounded up to a multiple of 32 float32 (the width
// of the AVX-512 kernels, twice the AVX2 kernels'), where that adds at
// most a third; K itself for float64 and otherwise.
func wgWidth[T Float](k int) int {
	if !kernels.Is32[T]() || wgNoPad {
		return k
	}
	kp := (k + 31) / 32 * 32
	if 3*(kp-k) > k {
		return k
	}
	return kp
}

// Both gradients are linear in the other operand: x's is the transposed
// convolution of dy with ddw, dy's the convolution of x with ddw (cut to
// dy's size).
func (o *convWeight) VJP(y, ddw *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, ddw, bothOperands)
}

// PartialVJP builds only the adjoints Grad asks for.
func (o *convWeight) PartialVJP(y, ddw *graph.Node, needs []bool) ([]*graph.Node, error) {
	x, dy := y.Inputs()[0], y.Inputs()[1]
	out := make([]*graph.Node, 2)
	if needs[0] {
		out[0] = convTransposeTo(dy, ddw, o.d.convGeom, o.d.h, o.d.w)
	}
	if needs[1] {
		out[1] = sliceTo(Conv2D(x, ddw, o.d.convGeom.opts()), o.d.ho, o.d.wo)
	}
	return out, nil
}

// accumT sets d[i] += x[i] (kernels.Accum32, Accum64).
func accumT[T Float](d, x []T) {
	if kernels.Is32[T]() {
		kernels.Accum32(kernels.As32(d), kernels.As32(x))
		return
	}
	kernels.Accum64(kernels.As64(d), kernels.As64(x))
}
