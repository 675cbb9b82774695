package ops

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// Conv2DOptions configure Conv2D and Conv2DWeightGrad, per axis as [rows,
// columns]. The zero value is PyTorch's conv2d default: stride 1, no
// padding, dilation 1, one group. A zero entry means the default; negative
// entries give a bad node.
type Conv2DOptions struct {
	Stride   [2]int // step between windows; 0 means 1
	Padding  [2]int // zeros added on both sides of the input
	Dilation [2]int // step between kernel taps; 0 means 1
	Groups   int    // channels are split into this many groups; 0 means 1
}

// convGeom is a normalised Conv2DOptions plus the kernel's size.
type convGeom struct {
	g      int
	kh, kw int
	sh, sw int
	ph, pw int
	dh, dw int
}

func orOne(v int) int {
	if v == 0 {
		return 1
	}
	return v
}

// geom normalises o for a kernel of kh × kw; it errors on negative entries.
func (o Conv2DOptions) geom(kh, kw int) (convGeom, error) {
	for _, v := range []struct {
		name string
		a    [2]int
	}{{"stride", o.Stride}, {"padding", o.Padding}, {"dilation", o.Dilation}} {
		if v.a[0] < 0 || v.a[1] < 0 {
			return convGeom{}, errors.Errorf("%s %v is negative", v.name, v.a)
		}
	}
	if o.Groups < 0 {
		return convGeom{}, errors.Errorf("groups %d is negative", o.Groups)
	}
	if kh < 1 || kw < 1 {
		return convGeom{}, errors.Errorf("kernel size (%d, %d) is not positive", kh, kw)
	}
	return convGeom{g: orOne(o.Groups), kh: kh, kw: kw,
		sh: orOne(o.Stride[0]), sw: orOne(o.Stride[1]), ph: o.Padding[0], pw: o.Padding[1],
		dh: orOne(o.Dilation[0]), dw: orOne(o.Dilation[1])}, nil
}

// outSize is PyTorch's conv2d output size along one axis,
// floor((n + 2p − d(k−1) − 1)/s + 1), or 0 when that is not positive.
func outSize(n, k, s, p, d int) int {
	num := n + 2*p - d*(k-1) - 1
	if num < 0 {
		return 0
	}
	return num/s + 1
}

// convDims are the sizes of one convolution: the input space [b, c, h, w]
// (Conv2D's operand, Conv2DTranspose's result), the output space [b, o, ho,
// wo] (Conv2D's result, Conv2DTranspose's operand) and the geometry. The
// output space may be smaller than the full convolution of the input space
// (ho ≤ outSize(h, …)): positions past it are treated as absent, which
// keeps the three ops adjoint to one another for any sizes.
type convDims struct {
	convGeom
	b, c, h, w, o, ho, wo int
}

func (d *convDims) cg() int { return d.c / d.g } // input channels per group
func (d *convDims) og() int { return d.o / d.g } // output channels per group
func (d *convDims) k() int  { return d.cg() * d.kh * d.kw }
func (d *convDims) l() int  { return d.ho * d.wo }

// colShape is one image and group of d as kernels.Im2col sees it.
func (d *convDims) colShape() kernels.ColShape {
	return kernels.ColShape{C: d.cg(), H: d.h, W: d.w, Ho: d.ho, Wo: d.wo, Kh: d.kh, Kw: d.kw,
		Sh: d.sh, Sw: d.sw, Ph: d.ph, Pw: d.pw, Dh: d.dh, Dw: d.dw}
}

// direct reports whether the input itself is the im2col matrix: a 1×1
// kernel with stride 1 and no padding, whose output has the input's size.
func (d *convDims) direct() bool {
	return d.kh == 1 && d.kw == 1 && d.sh == 1 && d.sw == 1 && d.ph == 0 && d.pw == 0 && d.ho == d.h && d.wo == d.w
}

// rank4 checks that both operands are float tensors of rank 4 of one dtype.
func rank4(in []*graph.Node, names string) (tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return dt, err
	}
	if len(in[0].Shape()) != 4 || len(in[1].Shape()) != 4 {
		return dt, errors.Errorf("%s must have rank 4, got %s and %s", names, graph.ShapeString(in[0].Shape()), graph.ShapeString(in[1].Shape()))
	}
	return dt, nil
}

// channels checks that c channels split into g groups and that the weights'
// per-group channel count matches.
func (d *convDims) channels(wname string, wcg int) error {
	if d.g > d.c || d.c%d.g != 0 {
		return errors.Errorf("%d input channels are not divisible by groups=%d", d.c, d.g)
	}
	if d.o%d.g != 0 {
		return errors.Errorf("%d output channels are not divisible by groups=%d", d.o, d.g)
	}
	if wcg != d.c/d.g {
		return errors.Errorf("groups=%d and %s need %d×%d = %d input channels, got %d", d.g, wname, d.g, wcg, d.g*wcg, d.c)
	}
	return nil
}

// fullOut sets ho, wo to the full convolution of h, w, or errors when it is
// empty, as PyTorch does ("kernel size can't be greater than actual input
// size").
func (d *convDims) fullOut() error {
	d.ho = outSize(d.h, d.kh, d.sh, d.ph, d.dh)
	d.wo = outSize(d.w, d.kw, d.sw, d.pw, d.dw)
	if d.ho < 1 || d.wo < 1 {
		return errors.Errorf("padded input (%d×%d) is smaller than the dilated kernel (%d×%d): the output would be empty",
			d.h+2*d.ph, d.w+2*d.pw, d.dh*(d.kh-1)+1, d.dw*(d.kw-1)+1)
	}
	return nil
}

// opts returns the options that give g back (with g's kernel).
func (g convGeom) opts() Conv2DOptions {
	return Conv2DOptions{Stride: [2]int{g.sh, g.sw}, Padding: [2]int{g.ph, g.pw}, Dilation: [2]int{g.dh, g.dw}, Groups: g.g}
}

// String prints the geometry as an op's attributes.
func (g convGeom) String() string {
	return fmt.Sprintf("kernel %d×%d, stride %d×%d, padding %d×%d, dilation %d×%d, groups %d",
		g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.g)
}
