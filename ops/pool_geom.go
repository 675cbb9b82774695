package ops

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Pool2DOptions configure MaxPool2D and AvgPool2D, per axis as [rows,
// columns], with PyTorch's defaults: the stride is the kernel's size when
// zero, the padding zero. The output size is PyTorch's (ceil_mode false):
// Hout = ⌊(H + 2·padding − kH)/stride⌋ + 1.
type Pool2DOptions struct {
	Kernel  [2]int // window size; required
	Stride  [2]int // step between windows; 0 means the kernel's size
	Padding [2]int // added on both sides; at most half the kernel
}

// poolDims are the sizes of a pooling of [b, c, h, w] to [b, c, ho, wo].
type poolDims struct {
	b, c, h, w, ho, wo int
	kh, kw, sh, sw     int
	ph, pw             int
}

func (d *poolDims) String() string {
	return fmt.Sprintf("kernel %d×%d, stride %d×%d, padding %d×%d", d.kh, d.kw, d.sh, d.sw, d.ph, d.pw)
}

// poolInfer checks x and opt and returns the dims and output shape.
func poolInfer(x *graph.Node, opt Pool2DOptions) (poolDims, tensor.Dtype, error) {
	dt, err := sameFloat([]*graph.Node{x})
	if err != nil {
		return poolDims{}, dt, err
	}
	s := x.Shape()
	if len(s) != 4 {
		return poolDims{}, dt, errors.Errorf("input must have rank 4 [B, C, H, W], got %s", graph.ShapeString(s))
	}
	k, st, p := opt.Kernel, opt.Stride, opt.Padding
	if k[0] < 1 || k[1] < 1 {
		return poolDims{}, dt, errors.Errorf("kernel %v is not positive", k)
	}
	if st[0] < 0 || st[1] < 0 {
		return poolDims{}, dt, errors.Errorf("stride %v is negative", st)
	}
	if st[0] == 0 {
		st[0] = k[0]
	}
	if st[1] == 0 {
		st[1] = k[1]
	}
	if p[0] < 0 || p[1] < 0 || 2*p[0] > k[0] || 2*p[1] > k[1] {
		return poolDims{}, dt, errors.Errorf("padding %v must be between 0 and half the kernel %v", p, k)
	}
	d := poolDims{b: s[0], c: s[1], h: s[2], w: s[3], kh: k[0], kw: k[1], sh: st[0], sw: st[1], ph: p[0], pw: p[1]}
	d.ho = outSize(d.h, d.kh, d.sh, d.ph, 1)
	d.wo = outSize(d.w, d.kw, d.sw, d.pw, 1)
	if d.ho < 1 || d.wo < 1 {
		return poolDims{}, dt, errors.Errorf("padded input (%d×%d) is smaller than the kernel %v: the output would be empty", d.h+2*d.ph, d.w+2*d.pw, k)
	}
	return d, dt, nil
}

func (d *poolDims) outShape() tensor.Shape { return tensor.Shape{d.b, d.c, d.ho, d.wo} }

// window returns the input rows [y0, y1) and columns [x0, x1) of output
// position (oh, ow), clipped to the input.
func (d *poolDims) window(oh, ow int) (y0, y1, x0, x1 int) {
	y0, x0 = oh*d.sh-d.ph, ow*d.sw-d.pw
	y1, x1 = min(y0+d.kh, d.h), min(x0+d.kw, d.w)
	return max(y0, 0), y1, max(x0, 0), x1
}

// splitPlanes runs body over the b·c planes, across cores in parts of whole
// planes (each plane is computed by one part, so the result does not depend
// on the split).
func (d *poolDims) splitPlanes(body func(lo, hi int)) func() {
	n := d.b * d.c
	grain := max(1, grainLight/max(1, d.ho*d.wo*d.kh*d.kw))
	return split(n, grain, func() { body(0, n) }, body)
}
