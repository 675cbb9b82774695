package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Attrs describes what an op node computes, for code outside ops that
// translates a graph into another form (the ONNX exporter, say): the op's
// name and the parameters its constructor was given, normalised the way the
// op's shape rule normalised them (axes non-negative, Reshape's -1
// resolved, zero option entries replaced by their defaults). Only the fields
// the op has are set; the others are zero.
type Attrs struct {
	// Op is the op's Name(), e.g. "MatMul", "Conv2D", "Tanh". Slice's adjoint
	// and the constant pad are both "Pad", described by Widths and Scalars.
	Op string
	// Axis is the axis of Slice, Concat, LogSoftmax, Max and ArgMax.
	Axis int
	// Start and End are Slice's range [Start, End) along Axis.
	Start, End int
	// Shape is the target shape of Reshape, SumTo and BroadcastTo.
	Shape []int
	// Perm is Transpose's permutation.
	Perm []int
	// TransA and TransB are MatMul's and BatchMatMul's transposes of their
	// operands (of the last two axes for BatchMatMul).
	TransA, TransB bool
	// Scalars are the float parameters: [alpha] for LeakyReLU and ELU,
	// [lo, hi] for Clamp, [p] for Pow, [value] for Pad, [p] for Dropout,
	// [eps] for BatchNorm.
	Scalars []float64
	// Widths are Pad's (before, after) widths, one pair per dimension.
	Widths [][2]int
	// Conv is Conv2D's geometry with every default filled in.
	Conv Conv2DOptions
	// Pool is MaxPool2D's or AvgPool2D's geometry with the stride filled in.
	Pool Pool2DOptions
	// Classes and Dtype are OneHot's number of classes and result dtype.
	Classes int
	Dtype   tensor.Dtype
}

// Describe returns what the op node n computes. ok is false when n is not an
// op node built by package ops, or is one of the gradient-only ops whose
// parameters Attrs does not carry (Conv2DTranspose, Conv2DWeightGrad, the
// pooling gradients, the fused activation gradients, batch norm's
// backward ops); Op is still set to the
// op's name when there is an op.
func Describe(n *graph.Node) (a Attrs, ok bool) {
	if n == nil || n.Op() == nil {
		return Attrs{}, false
	}
	op := n.Op()
	a.Op = op.Name()
	switch o := op.(type) {
	case *unary, *binary, *minMax, *where, *gather:
	case *labelled:
		a.Scalars = append([]float64(nil), o.args...)
	case *matMul:
		a.TransA, a.TransB = o.ta, o.tb
	case *batchMatMul:
		a.TransA, a.TransB = o.ta, o.tb
	case *dropout:
		a.Scalars = []float64{o.p}
	case *reshape:
		a.Shape = append([]int(nil), o.to...)
	case *sumTo:
		a.Shape = append([]int(nil), o.to...)
	case *broadcastTo:
		a.Shape = append([]int(nil), o.to...)
	case *transpose:
		a.Perm = append([]int(nil), o.perm...)
	case *slice:
		a.Axis, a.Start, a.End = o.a, o.start, o.end
	case *pad:
		a.Widths = make([][2]int, len(n.Shape()))
		a.Widths[o.s.a] = [2]int{o.s.start, o.s.n - o.s.end}
		a.Scalars = []float64{0}
	case *padConst:
		a.Widths = append([][2]int(nil), o.widths...)
		a.Scalars = []float64{o.value}
	case *concat:
		a.Axis = o.a
	case *logSoftmax:
		a.Axis = o.a
	case *maxOp:
		a.Axis = o.a
	case *argMax:
		a.Axis = o.a
	case *pow:
		a.Scalars = []float64{o.p}
	case *conv2d:
		g := o.d.convGeom
		a.Conv = Conv2DOptions{Stride: [2]int{g.sh, g.sw}, Padding: [2]int{g.ph, g.pw}, Dilation: [2]int{g.dh, g.dw}, Groups: g.g}
	case *maxPool:
		a.Pool = o.d.options()
	case *avgPool:
		a.Pool = o.d.options()
	case *oneHot:
		a.Classes, a.Dtype = o.k, o.dt
	case *batchStats:
	case *batchNorm:
		a.Scalars = []float64{o.eps}
	default:
		return a, false
	}
	return a, true
}

// options returns the normalised options of a pooling.
func (d *poolDims) options() Pool2DOptions {
	return Pool2DOptions{Kernel: [2]int{d.kh, d.kw}, Stride: [2]int{d.sh, d.sw}, Padding: [2]int{d.ph, d.pw}}
}
