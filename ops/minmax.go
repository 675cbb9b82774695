package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Maximum returns the larger of a and b elementwise, with NumPy
// broadcasting. Where a = b the gradient goes to a (the first operand)
// only, so that the two operands' gradients always add up to dy. NaN in
// either operand gives NaN; of −0 and +0 the larger is +0.
func Maximum(a, b *graph.Node) *graph.Node { return graph.Apply(&minMax{max: true}, a, b) }

// Minimum returns the smaller of a and b elementwise, with NumPy
// broadcasting. Where a = b the gradient goes to a (the first operand)
// only, as for Maximum. NaN in either operand gives NaN; of −0 and +0 the
// smaller is −0.
func Minimum(a, b *graph.Node) *graph.Node { return graph.Apply(&minMax{}, a, b) }

var _ graph.PartialVJPer = (*minMax)(nil)

type minMax struct {
	max  bool
	dk   floatKind
	plan *bcastPlan
}

func (o *minMax) Name() string {
	if o.max {
		return "Maximum"
	}
	return "Minimum"
}

func (o *minMax) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	out, dt, plan, err := inferBroadcast(in)
	o.plan, o.dk = plan, kindOf(dt)
	return out, dt, err
}

func (o *minMax) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	if f := o.Prepare(dst, in); f != nil {
		f()
		return nil
	}
	return errDtype(o.Name(), dst.Dtype())
}

func (o *minMax) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		return prepMinMax(o.max, o.plan, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		return prepMinMax(o.max, o.plan, f32(dst), f32(in[0]), f32(in[1]))
	}
	return nil
}

// b wins where b > a (Maximum) or b < a (Minimum), strictly: the mask
// Greater gives, with no gradient of its own. a gets dy elsewhere.
func (o *minMax) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, dy, bothOperands)
}

// PartialVJP builds the adjoints of the operands in needs alone.
func (o *minMax) PartialVJP(y, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	out := make([]*graph.Node, 2)
	if !needs[0] && !needs[1] {
		return out, nil
	}
	a, b := y.Inputs()[0], y.Inputs()[1]
	var bWins *graph.Node
	if o.max {
		bWins = Greater(b, a)
	} else {
		bWins = Greater(a, b)
	}
	zero := scalarLike(dy, 0)
	if needs[0] {
		out[0] = Where(bWins, zero, dy)
	}
	if needs[1] {
		out[1] = Where(bWins, dy, zero)
	}
	return out, nil
}

func prepMinMax[T Float](max bool, p *bcastPlan, d, a, b []T) func() {
	row := minRow[T]
	if max {
		row = maxRow[T]
	}
	if p.allFlat() {
		return split(len(d), grainLight, func() { row(d, a, 1, b, 1) }, func(lo, hi int) { row(d[lo:hi], a[lo:hi], 1, b[lo:hi], 1) })
	}
	return func() {
		n := p.inner
		for r := 0; r*n < len(d); r++ {
			ao, as := p.rowOf(0, r)
			bo, bs := p.rowOf(1, r)
			row(d[r*n:(r+1)*n], a[ao:], as, b[bo:], bs)
		}
	}
}

// maxRow and minRow compute d[j] = max or min of a[j*sa] and b[j*sb] with
// the builtins, which give NaN when either is NaN.
func maxRow[T Float](d, a []T, sa int, b []T, sb int) {
	if sa == 1 && sb == 1 {
		a, b = a[:len(d)], b[:len(d)]
		for j := range d {
			d[j] = max(a[j], b[j])
		}
		return
	}
	for j := range d {
		d[j] = max(a[j*sa], b[j*sb])
	}
}

func minRow[T Float](d, a []T, sa int, b []T, sb int) {
	if sa == 1 && sb == 1 {
		a, b = a[:len(d)], b[:len(d)]
		for j := range d {
			d[j] = min(a[j], b[j])
		}
		return
	}
	for j := range d {
		d[j] = min(a[j*sa], b[j*sb])
	}
}
