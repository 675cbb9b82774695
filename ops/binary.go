package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

type binKind uint8

const (
	kAdd binKind = iota
	kSub
	kMul
	kDiv
	kGreater
)

var binNames = [...]string{kAdd: "Add", kSub: "Sub", kMul: "Mul", kDiv: "Div", kGreater: "Greater"}

var (
	_ graph.PartialVJPer = (*binary)(nil)
	_ graph.NoGrader     = (*binary)(nil)
)

// binary is an elementwise op of two operands with NumPy broadcasting.
type binary struct {
	kind binKind
	dk   floatKind
	plan *bcastPlan
	vjp  func(i int, a, b, y, dy *graph.Node) *graph.Node // the adjoint of operand i
	in1  tensor.Shape                                     // operand 1's shape (FuseOperand)
}

func (o *binary) Name() string { return binNames[o.kind] }

func (o *binary) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	out, dt, plan, err := inferBroadcast(in)
	o.plan, o.dk = plan, kindOf(dt)
	if len(in) == 2 && in[1] != nil {
		o.in1 = in[1].Shape()
	}
	return out, dt, err
}

// inferBroadcast is the shape rule of an elementwise op of two float
// operands of one dtype, broadcast as NumPy does: the result's shape and
// dtype and its row plan, built once the result and the plan are known to
// fit the memory limit.
func inferBroadcast(in []*graph.Node) (tensor.Shape, tensor.Dtype, *bcastPlan, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, nil, err
	}
	out, err := graph.Broadcast(in[0].Shape(), in[1].Shape())
	if err != nil {
		return nil, dt, nil, err
	}
	if err := checkPlan(out, dt, planned(out, in[0].Shape(), in[1].Shape())); err != nil {
		return nil, dt, nil, err
	}
	return out, dt, newBcastPlan(out, in[0].Shape(), in[1].Shape()), nil
}

func (o *binary) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch o.dk.of(dst) {
	case kindF64:
		binaryKernel(o.kind, o.plan, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		binaryKernel(o.kind, o.plan, f32(dst), f32(in[0]), f32(in[1]))
	default:
		return errDtype(o.Name(), dst.Dtype())
	}
	return nil
}

func (o *binary) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, dy, bothOperands)
}

// PartialVJP builds the adjoints of the operands in needs alone.
func (o *binary) PartialVJP(y, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	in, out := y.Inputs(), make([]*graph.Node, 2)
	for i := range out {
		if needs[i] {
			out[i] = o.vjp(i, in[0], in[1], y, dy)
		}
	}
	return out, nil
}

// NoGrad reports that Greater passes no gradient to either operand.
func (o *binary) NoGrad(int) bool { return o.kind == kGreater }

// bothOperands asks a two-operand PartialVJP for both adjoints.
var bothOperands = []bool{true, true}

func binaryKernel[T Float](k binKind, p *bcastPlan, d, a, b []T) {
	if len(d) == 1 { // scalars, e.g. the lecture's e(w): no row loop
		d[0] = binaryScalar(k, a[0], b[0])
		return
	}
	if p.allFlat() {
		binaryRow(k, d, a, 1, b, 1)
		return
	}
	binaryRows(k, p, d, a, b, 0, len(d)/p.inner)
}

// binaryRows computes output rows [lo, hi) of a broadcast binary op. Rows
// that continue both operands (a stride-1 operand where the last row
// ended, a stride-0 one at the same element: a bias [O, 1, 1] over a
// plane's H rows) are one binaryRow call, with the same operations on
// every element.
func binaryRows[T Float](k binKind, p *bcastPlan, d, a, b []T, lo, hi int) {
	for r := lo; r < hi; {
		m := p.merged(r, hi)
		binaryGroup(k, p, d, a, b, r, m)
		r += m
	}
}

// binaryGroup computes the m rows from r, which continue both operands.
func binaryGroup[T Float](k binKind, p *bcastPlan, d, a, b []T, r, m int) {
	n := p.inner
	ao, as := p.rowOf(0, r)
	bo, bs := p.rowOf(1, r)
	binaryRow(k, d[r*n:(r+m)*n], a[ao:], as, b[bo:], bs)
}

// binaryGroups computes the row groups [lo, hi) of starts (the first rows
// of runs that continue both operands, as p.groups lists them, with the
// end as a last entry).
func binaryGroups[T Float](k binKind, p *bcastPlan, d, a, b []T, starts []int, lo, hi int) {
	for g := lo; g < hi; g++ {
		binaryGroup(k, p, d, a, b, starts[g], starts[g+1]-starts[g])
	}
}

// binaryRow computes d[j] = a[j*sa] op b[j*sb]; sa and sb are 0 or 1.
func binaryRow[T Float](k binKind, d, a []T, sa int, b []T, sb int) {
	if sa == 1 && sb == 1 {
		a, b = a[:len(d)], b[:len(d)]
		if k <= kMul {
			simdRow(k, d, a, b)
			return
		}
		switch k {
		case kAdd:
			for j := range d {
				d[j] = a[j] + b[j]
			}
		case kSub:
			for j := range d {
				d[j] = a[j] - b[j]
			}
		case kMul:
			for j := range d {
				d[j] = a[j] * b[j]
			}
		case kDiv:
			for j := range d {
				d[j] = a[j] / b[j]
			}
		case kGreater:
			for j := range d {
				d[j] = bool2f[T](a[j] > b[j])
			}
		}
		return
	}
	if sa+sb == 1 && k <= kMul {
		binaryRowScalar(k, d, a, sa, b, sb)
		return
	}
	for j := range d {
		x, y := a[j*sa], b[j*sb]
		switch k {
		case kAdd:
			d[j] = x + y
		case kSub:
			d[j] = x - y
		case kMul:
			d[j] = x * y
		case kDiv:
			d[j] = x / y
		case kGreater:
			d[j] = bool2f[T](x > y)
		}
	}
}

// binaryRowScalar is binaryRow for Add, Sub and Mul when one operand is a
// row (stride 1) and the other one value repeated (stride 0), as a [O, 1, 1]
// bias over a convolution's [O, H, W] output: kernels.RowScalar32 or 64
// (AVX2), the same operations as the strided loop.
func binaryRowScalar[T Float](k binKind, d, a []T, sa int, b []T, sb int) {
	op := kernels.AddScalar
	switch k {
	case kSub:
		op = kernels.SubScalar
	case kMul:
		op = kernels.MulScalar
	}
	row, s := a, b[0]
	if sa == 0 {
		// x + b[j] and x·b[j] are AddScalar and MulScalar (they commute);
		// x − b[j] is ScalarSub.
		row, s = b, a[0]
		if k == kSub {
			op = kernels.ScalarSub
		}
	}
	if kernels.Is32[T]() {
		kernels.RowScalar32(op, kernels.As32(d), kernels.As32(row), float32(s))
		return
	}
	kernels.RowScalar64(op, kernels.As64(d), kernels.As64(row), float64(s))
}

// scalarLike returns a scalar constant of x's dtype.
func scalarLike(x *graph.Node, v float64) *graph.Node {
	return x.Graph().ScalarOf(x.Dtype(), v)
}

func bool2f[T Float](b bool) T {
	if b {
		return 1
	}
	return 0
}

func binaryScalar[T Float](k binKind, x, y T) T {
	switch k {
	case kAdd:
		return x + y
	case kSub:
		return x - y
	case kMul:
		return x * y
	case kDiv:
		return x / y
	}
	return bool2f[T](x > y)
}

// simdRow computes d = a k b for k Add, Sub or Mul with the vector kernels
// of internal/kernels.
func simdRow[T Float](k binKind, d, a, b []T) {
	if kernels.Is32[T]() {
		d, a, b := kernels.As32(d), kernels.As32(a), kernels.As32(b)
		switch k {
		case kAdd:
			kernels.Add32(d, a, b)
		case kSub:
			kernels.Sub32(d, a, b)
		default:
			kernels.Mul32(d, a, b)
		}
		return
	}
	d64, a64, b64 := kernels.As64(d), kernels.As64(a), kernels.As64(b)
	switch k {
	case kAdd:
		kernels.Add64(d64, a64, b64)
	case kSub:
		kernels.Sub64(d64, a64, b64)
	default:
		kernels.Mul64(d64, a64, b64)
	}
}
