package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// AvgPool2D returns the mean of each window of x [B, C, H, W], padding
// counted as zeros (PyTorch's avg_pool2d with count_include_pad true and
// ceil_mode false, so every window divides by kH·kW): a [B, C, Hout, Wout]
// node, see Pool2DOptions. Its gradient spreads each output's gradient
// evenly over its window. x other than a float tensor of rank 4, a kernel
// that is not positive, a negative stride, padding over half the kernel, or
// an empty output give a bad node.
func AvgPool2D(x *graph.Node, opt Pool2DOptions) *graph.Node {
	return graph.Apply(&avgPool{opt: opt}, x)
}

type avgPool struct {
	opt Pool2DOptions
	d   poolDims
	dk  floatKind
}

func (o *avgPool) Name() string   { return "AvgPool2D" }
func (o *avgPool) String() string { return "AvgPool2D(" + o.d.String() + ")" }

func (o *avgPool) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	d, dt, err := poolInfer(in[0], o.opt)
	if err != nil {
		return nil, dt, err
	}
	o.d, o.dk = d, kindOf(dt)
	return d.outShape(), dt, nil
}

func (o *avgPool) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("AvgPool2D", dst.Dtype())
	}
	run()
	return nil
}

func (o *avgPool) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d := &o.d
	switch o.dk.of(dst) {
	case kindF64:
		y, x := f64(dst), f64(in[0])
		return d.splitPlanes(func(lo, hi int) { avgPoolK(d, lo, hi, y, x) })
	case kindF32:
		y, x := f32(dst), f32(in[0])
		return d.splitPlanes(func(lo, hi int) { avgPoolK(d, lo, hi, y, x) })
	}
	return nil
}

func (o *avgPool) VJP(_, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Apply(&avgPoolGrad{p: o.d, dk: o.dk}, dy)}, nil
}

// avgPoolK writes the window means of planes [lo, hi) of x into y.
func avgPoolK[T Float](d *poolDims, lo, hi int, y, x []T) {
	hw, l := d.h*d.w, d.ho*d.wo
	inv := 1 / T(d.kh*d.kw)
	for p := lo; p < hi; p++ {
		xp, yp := x[p*hw:(p+1)*hw], y[p*l:(p+1)*l]
		for oh := 0; oh < d.ho; oh++ {
			for ow := 0; ow < d.wo; ow++ {
				y0, y1, x0, x1 := d.window(oh, ow)
				var s T
				for i := y0; i < y1; i++ {
					for _, v := range xp[i*d.w+x0 : i*d.w+x1] {
						s += v
					}
				}
				yp[oh*d.wo+ow] = s * inv
			}
		}
	}
}
