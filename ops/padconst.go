package ops

import (
	"fmt"
	"math"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Pad surrounds x with the constant value: widths gives, for every axis of
// x in order, how many elements to add before and after it (PyTorch's
// F.pad in "constant" mode, which lists the axes from the last). Padding
// the images of a [B, C, H, W] batch by one pixel is
// Pad(x, 0, [2]int{}, [2]int{}, [2]int{1, 1}, [2]int{1, 1}). It accepts
// float and int tensors (value must then be an integer). The gradient is
// dy's inner block, the part x came from. A count of widths other than x's
// rank, a negative width, or one that overflows the axis' size, gives a
// bad node.
func Pad(x *graph.Node, value float64, widths ...[2]int) *graph.Node {
	return graph.Apply(&padConst{value: value, widths: append([][2]int{}, widths...)}, x)
}

type padConst struct {
	value  float64
	widths [][2]int
	dk     tensor.Dtype
	row    int   // length of x's last dimension (1 for a scalar)
	off    []int // where each row of x starts in the output
}

func (o *padConst) Name() string { return "Pad" }
func (o *padConst) String() string {
	w := make([]string, len(o.widths))
	for i, p := range o.widths {
		w[i] = fmt.Sprintf("%d:%d", p[0], p[1])
	}
	return "Pad(" + formatFloat(o.value) + "; " + strings.Join(w, ", ") + ")"
}

func (o *padConst) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameData(in)
	if err != nil {
		return nil, dt, err
	}
	s := in[0].Shape()
	if len(o.widths) != len(s) {
		return nil, dt, errors.Errorf("%d widths for an operand of rank %d (shape %s): give one [before, after] per axis", len(o.widths), len(s), graph.ShapeString(s))
	}
	for a, p := range o.widths {
		if p[0] < 0 || p[1] < 0 {
			return nil, dt, errors.Errorf("negative width %v for axis %d", p, a)
		}
		if p[0] > math.MaxInt-s[a] || p[1] > math.MaxInt-s[a]-p[0] {
			return nil, dt, errors.Errorf("width %v for axis %d of size %d overflows int", p, a, s[a])
		}
	}
	if dt == tensor.Int && o.value != math.Trunc(o.value) {
		return nil, dt, errors.Errorf("value %s for an int tensor is not an integer", formatFloat(o.value))
	}
	out := s.Clone()
	for a, p := range o.widths {
		out[a] += p[0] + p[1]
	}
	if err := checkPlan(out, dt, 1); err != nil {
		return nil, dt, err // before the offsets, whose strides would overflow
	}
	o.dk = dt
	o.off, o.row = padOffsets(s, out, o.widths)
	return out, dt, nil
}

// padOffsets returns the output offset of every row (last-axis run) of an
// operand of shape s padded to out, and the row length.
func padOffsets(s, out tensor.Shape, widths [][2]int) ([]int, int) {
	r := len(s)
	if r == 0 {
		return []int{0}, 1
	}
	stride := make([]int, r) // output strides
	stride[r-1] = 1
	for a := r - 2; a >= 0; a-- {
		stride[a] = stride[a+1] * out[a+1]
	}
	rows := 1
	for _, d := range s[:r-1] {
		rows *= d
	}
	off := make([]int, rows)
	idx := make([]int, r-1)
	for k := range off {
		o := widths[r-1][0]
		for a, i := range idx {
			o += (i + widths[a][0]) * stride[a]
		}
		off[k] = o
		for a := r - 2; a >= 0; a-- {
			if idx[a]++; idx[a] < s[a] {
				break
			}
			idx[a] = 0
		}
	}
	return off, s[r-1]
}

func (o *padConst) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch o.dk {
	case tensor.Float64:
		padConstK(o, f64(dst), f64(in[0]), o.value)
	case tensor.Float32:
		padConstK(o, f32(dst), f32(in[0]), float32(o.value))
	case tensor.Int:
		padConstK(o, dst.Ints(), in[0].Ints(), int(o.value))
	default:
		return errDtype("Pad", dst.Dtype())
	}
	return nil
}

func (o *padConst) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk {
	case tensor.Float64:
		d, x := f64(dst), f64(in[0])
		return func() { padConstK(o, d, x, o.value) }
	case tensor.Float32:
		d, x, v := f32(dst), f32(in[0]), float32(o.value)
		return func() { padConstK(o, d, x, v) }
	}
	return nil
}

// The adjoint is dy's inner block: one Slice per padded axis.
func (o *padConst) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	s := y.Inputs()[0].Shape()
	dx := dy
	for a, p := range o.widths {
		if p[0] != 0 || p[1] != 0 {
			dx = Slice(dx, a, p[0], p[0]+s[a])
		}
	}
	return []*graph.Node{dx}, nil
}

// padConstK fills d with v and copies x's rows into place.
func padConstK[T Float | ~int](o *padConst, d, x []T, v T) {
	for i := range d {
		d[i] = v
	}
	n := o.row
	for k, off := range o.off {
		copy(d[off:off+n], x[k*n:(k+1)*n])
	}
}
