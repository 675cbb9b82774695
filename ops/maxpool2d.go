package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
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
// selects an index without a branch; the running maximum turns NaN when any
// element is NaN (max propagates it), and only then is the window scanned
// again for its last NaN, so random data costs no mispredicted branches.
func argmaxAt[T Float](d *poolDims, x []T, oh, ow int) int {
	y0, y1, x0, x1 := d.window(oh, ow)
	best := y0*d.w + x0
	bv := x[best]
	for i := y0; i < y1; i++ {
		o := i*d.w + x0
		for j, v := range x[o : o+x1-x0] {
			if v > bv {
				best = o + j
			}
			bv = max(bv, v)
		}
	}
	if bv != bv {
		return lastNaN(d, x, y0, y1, x0, x1)
	}
	return best
}

// lastNaN returns the plane index of the last NaN of x in rows [y0, y1)
// and columns [x0, x1), which must hold one.
func lastNaN[T Float](d *poolDims, x []T, y0, y1, x0, x1 int) int {
	nan := -1
	for i := y0; i < y1; i++ {
		for j := x0; j < x1; j++ {
			if v := x[i*d.w+j]; v != v {
				nan = i*d.w + j
			}
		}
	}
	return nan
}

// tiled2 reports whether d's windows are 2×2 with stride 2 and no padding,
// LeNet's pooling, which has a faster path: every window lies whole in the
// input and windows do not overlap.
func (d *poolDims) tiled2() bool {
	return d.kh == 2 && d.kw == 2 && d.sh == 2 && d.sw == 2 && d.ph == 0 && d.pw == 0
}

// argmax2 returns the offset, 0, 1, w or w+1, of the first maximum of the
// 2×2 window a b / c e (row length w), and whether the window holds a NaN
// (the caller then asks argmaxAt, which finds the last NaN); the
// comparisons are argmaxAt's in the same order, so the result is the same.
// It is inlined and has no branch but the NaN test: random data would
// mispredict one of every few.
func argmax2[T Float](w int, a, b, c, e T) (int, bool) {
	k := b2i(b > a)
	bv := max(a, b)
	k ^= (k ^ w) & -b2i(c > bv)
	bv = max(bv, c)
	k ^= (k ^ (w + 1)) & -b2i(e > bv)
	bv = max(bv, e)
	return k, bv != bv
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// maxPoolK writes the maximum of each window of planes [lo, hi) of x into
// y: the value at the first maximum, found without a branch per element (a
// NaN in the window gives NaN, as in PyTorch).
func maxPoolK[T Float](d *poolDims, lo, hi int, y, x []T) {
	hw, l := d.h*d.w, d.ho*d.wo
	if d.tiled2() {
		maxPool2(d, lo, hi, y, x)
		return
	}
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

// maxPool2 is maxPoolK for tiled2 windows: the same maxima, taken in the
// same order (max(a, a) is a). Where the planes are exactly twice the
// output's size their rows follow one another as the kernel's rows, and
// float32 goes through kernels.MaxPool2Rows32 (AVX2), whose results are
// these bit for bit; a row it declines (one holding a NaN) is done here.
func maxPool2[T Float](d *poolDims, lo, hi int, y, x []T) {
	w, hw, wo, l := d.w, d.h*d.w, d.wo, d.ho*d.wo
	if kernels.Is32[T]() && d.h == 2*d.ho && w == 2*wo {
		y32, x32 := kernels.As32(y), kernels.As32(x)
		rows, r0 := (hi-lo)*d.ho, lo*d.ho
		for r := 0; r < rows; r++ {
			r += kernels.MaxPool2Rows32(y32[(r0+r)*wo:], x32[(r0+r)*4*wo:], rows-r, wo)
			if r < rows {
				maxPool2Row(x[(r0+r)*4*wo:], y[(r0+r)*wo:][:wo], w)
			}
		}
		return
	}
	for p := lo; p < hi; p++ {
		xp, yp := x[p*hw:(p+1)*hw], y[p*l:(p+1)*l]
		for oh := 0; oh < d.ho; oh++ {
			maxPool2Row(xp[2*oh*w:], yp[oh*wo:][:wo], w)
		}
	}
}

// maxPool2Row pools one output row yr from the two input rows at the start
// of x, w elements apart.
func maxPool2Row[T Float](x, yr []T, w int) {
	r0, r1 := x[:2*len(yr)], x[w:][:2*len(yr)]
	for ow := range yr {
		yr[ow] = max(max(max(r0[2*ow], r0[2*ow+1]), r1[2*ow]), r1[2*ow+1])
	}
}

// maxPoolSelect writes, for planes [lo, hi), v at each window's first
// maximum of x into y.
func maxPoolSelect[T Float](d *poolDims, lo, hi int, y, x, v []T) {
	hw, l := d.h*d.w, d.ho*d.wo
	for p := lo; p < hi; p++ {
		xp, vp, yp := x[p*hw:(p+1)*hw], v[p*hw:(p+1)*hw], y[p*l:(p+1)*l]
		if d.tiled2() {
			w, wo := d.w, d.wo
			for oh := 0; oh < d.ho; oh++ {
				r0, r1 := xp[2*oh*w:][:2*wo], xp[(2*oh+1)*w:][:2*wo]
				yr := yp[oh*wo:][:wo]
				for ow := range yr {
					base := 2*oh*w + 2*ow
					k, nan := argmax2(w, r0[2*ow], r0[2*ow+1], r1[2*ow], r1[2*ow+1])
					if nan {
						k = argmaxAt(d, xp, oh, ow) - base
					}
					yr[ow] = vp[base+k]
				}
			}
			continue
		}
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
	if kernels.Is32[T]() && d.tiled2() && d.h == 2*d.ho && d.w == 2*d.wo {
		// The planes' rows follow one another as the kernel's rows
		// (kernels.MaxPoolScatter2Rows32, AVX2, the same bits as the loop
		// below); a row it declines (one holding a NaN) is done here.
		wo, rows, r0 := d.wo, (hi-lo)*d.ho, lo*d.ho
		dx32, x32, dy32 := kernels.As32(dx), kernels.As32(x), kernels.As32(dy)
		for r := 0; r < rows; r++ {
			r += kernels.MaxPoolScatter2Rows32(dx32[(r0+r)*4*wo:], x32[(r0+r)*4*wo:], dy32[(r0+r)*wo:], rows-r, wo)
			if r < rows {
				p, oh := (r0+r)/d.ho, (r0+r)%d.ho
				maxPoolScatter2Row(d, x[p*hw:(p+1)*hw], dx[p*hw:(p+1)*hw], dy[p*l:(p+1)*l], oh)
			}
		}
		return
	}
	for p := lo; p < hi; p++ {
		xp, gp, dp := x[p*hw:(p+1)*hw], dx[p*hw:(p+1)*hw], dy[p*l:(p+1)*l]
		if d.tiled2() {
			maxPoolScatter2(d, xp, gp, dp)
			continue
		}
		clear(gp)
		for oh := 0; oh < d.ho; oh++ {
			for ow := 0; ow < d.wo; ow++ {
				gp[argmaxAt(d, xp, oh, ow)] += dp[oh*d.wo+ow]
			}
		}
	}
}

// maxPoolScatter2 is maxPoolScatter of one plane for tiled2 windows, which
// do not overlap: each position gets one dy or none. Each window's four
// positions are written whole (0, and 0 + dy at the maximum: the sum the
// clear-then-add gave, −0 turning +0), so the plane is cleared first only
// where the windows leave an odd last row or column uncovered.
func maxPoolScatter2[T Float](d *poolDims, xp, gp, dp []T) {
	if d.h != 2*d.ho || d.w != 2*d.wo {
		clear(gp)
	}
	for oh := 0; oh < d.ho; oh++ {
		maxPoolScatter2Row(d, xp, gp, dp, oh)
	}
}

// maxPoolScatter2Row is maxPoolScatter2 for output row oh.
func maxPoolScatter2Row[T Float](d *poolDims, xp, gp, dp []T, oh int) {
	w, wo := d.w, d.wo
	r0, r1 := xp[2*oh*w:][:2*wo], xp[(2*oh+1)*w:][:2*wo]
	g0, g1 := gp[2*oh*w:][:2*wo], gp[(2*oh+1)*w:][:2*wo]
	dr := dp[oh*wo:][:wo]
	for ow, g := range dr {
		base := 2*oh*w + 2*ow
		k, nan := argmax2(w, r0[2*ow], r0[2*ow+1], r1[2*ow], r1[2*ow+1])
		if nan {
			k = argmaxAt(d, xp, oh, ow) - base
		}
		g0[2*ow], g0[2*ow+1], g1[2*ow], g1[2*ow+1] = 0, 0, 0, 0
		var z T
		gp[base+k] = z + g
	}
}
