package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// MaxPool2D returns the largest element of each window of x [B, C, H, W]
// (PyTorch's max_pool2d with dilation 1 and ceil_mode false; padding never
// wins): a [B, C, Hout, Wout] node, see Pool2DOptions. Its gradient flows to
// the first position holding the maximum of each window, in row-major order
// (as Max's does; a NaN wins, the last one in the window, as in PyTorch);
// overlapping windows add up. x other than a float tensor
// of rank 4, a kernel that is not positive, a negative stride, padding over
// half the kernel, or an empty output give a bad node.
func MaxPool2D(x *graph.Node, opt Pool2DOptions) *graph.Node {
	return graph.Apply(&maxPool{opt: opt}, x)
}

type maxPool struct {
	opt Pool2DOptions
	d   poolDims
	dk  floatKind
}

func (o *maxPool) Name() string   { return "MaxPool2D" }
func (o *maxPool) String() string { return "MaxPool2D(" + o.d.String() + ")" }

func (o *maxPool) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	d, dt, err := poolInfer(in[0], o.opt)
	if err != nil {
		return nil, dt, err
	}
	o.d, o.dk = d, kindOf(dt)
	return d.outShape(), dt, nil
}

func (o *maxPool) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("MaxPool2D", dst.Dtype())
	}
	run()
	return nil
}

func (o *maxPool) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d := &o.d
	switch o.dk.of(dst) {
	case kindF64:
		y, x := f64(dst), f64(in[0])
		return d.splitPlanes(func(lo, hi int) { maxPoolK(d, lo, hi, y, x) })
	case kindF32:
		y, x := f32(dst), f32(in[0])
		return d.splitPlanes(func(lo, hi int) { maxPoolK(d, lo, hi, y, x) })
	}
	return nil
}

// The gradient routes dy to each window's first maximum.
func (o *maxPool) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Apply(&maxPoolGrad{p: o.d, dk: o.dk}, y.Inputs()[0], dy)}, nil
}

// argmaxAt returns the plane index of the first maximum of x's plane in the
// window of output position (oh, ow); a NaN wins (the last one, as in
// PyTorch, where each NaN replaces the maximum so far). The comparison
// selects an index without a branch, and NaNs are looked for apart, so
// random data costs no mispredicted branches.
func argmaxAt[T Float](d *poolDims, x []T, oh, ow int) int {
	y0, y1, x0, x1 := d.window(oh, ow)
	best, nan := y0*d.w+x0, -1
	bv := x[best]
	for i := y0; i < y1; i++ {
		o := i*d.w + x0
		for j, v := range x[o : o+x1-x0] {
			if v > bv {
				best = o + j
			}
			bv = max(bv, v)
			if v != v {
				nan = o + j
			}
		}
	}
	if nan >= 0 {
		return nan
	}
	return best
}

// maxPoolK writes the maximum of each window of planes [lo, hi) of x into
// y: the value at the first maximum, found without a branch per element (a
// NaN in the window gives NaN, as in PyTorch).
func maxPoolK[T Float](d *poolDims, lo, hi int, y, x []T) {
	hw, l := d.h*d.w, d.ho*d.wo
	for p := lo; p < hi; p++ {
		xp, yp := x[p*hw:(p+1)*hw], y[p*l:(p+1)*l]
		for oh := 0; oh < d.ho; oh++ {
			for ow := 0; ow < d.wo; ow++ {
				y0, y1, x0, x1 := d.window(oh, ow)
				m := xp[y0*d.w+x0]
				for i := y0; i < y1; i++ {
					for _, v := range xp[i*d.w+x0 : i*d.w+x1] {
						m = max(m, v)
					}
				}
				yp[oh*d.wo+ow] = m
			}
		}
	}
}

// maxPoolSelect writes, for planes [lo, hi), v at each window's first
// maximum of x into y.
func maxPoolSelect[T Float](d *poolDims, lo, hi int, y, x, v []T) {
	hw, l := d.h*d.w, d.ho*d.wo
	for p := lo; p < hi; p++ {
		xp, vp, yp := x[p*hw:(p+1)*hw], v[p*hw:(p+1)*hw], y[p*l:(p+1)*l]
		for oh := 0; oh < d.ho; oh++ {
			for ow := 0; ow < d.wo; ow++ {
				yp[oh*d.wo+ow] = vp[argmaxAt(d, xp, oh, ow)]
			}
		}
	}
}

// maxPoolScatter sets, for planes [lo, hi), dx to the sum of dy over the
// windows whose first maximum of x is at each position.
func maxPoolScatter[T Float](d *poolDims, lo, hi int, dx, x, dy []T) {
	hw, l := d.h*d.w, d.ho*d.wo
	for p := lo; p < hi; p++ {
		xp, gp, dp := x[p*hw:(p+1)*hw], dx[p*hw:(p+1)*hw], dy[p*l:(p+1)*l]
		clear(gp)
		for oh := 0; oh < d.ho; oh++ {
			for ow := 0; ow < d.wo; ow++ {
				gp[argmaxAt(d, xp, oh, ow)] += dp[oh*d.wo+ow]
			}
		}
	}
}
