package ops

import (
	"strconv"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Concat joins xs along axis (negative axes count from the end); every
// other dimension must agree. Stacking an RNN's per-step outputs [B, 1, H]
// along axis 1 gives [B, T, H]. It accepts float and int tensors. No
// operands, different ranks, dtypes or other dimensions, or an axis out of
// range give a bad node.
func Concat(axis int, xs ...*graph.Node) *graph.Node {
	if len(xs) == 0 {
		return graph.Fail("Concat", errors.New("no operands"))
	}
	return graph.Apply(&concat{axis: axis}, xs...)
}

var _ graph.PartialVJPer = (*concat)(nil)

type concat struct {
	axis         int
	a            int   // axis, normalised by Infer
	outer, inner int   // product of the dimensions before and after the axis
	total        int   // the result's size along the axis
	start        []int // where each operand begins along the axis
	size         []int // each operand's size along the axis
}

func (o *concat) Name() string   { return "Concat" }
func (o *concat) String() string { return "Concat(axis " + strconv.Itoa(o.axis) + ")" }

func (o *concat) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameData(in)
	if err != nil {
		return nil, dt, err
	}
	s0 := in[0].Shape()
	if o.a, err = normAxis(o.axis, s0); err != nil {
		return nil, dt, err
	}
	for i, x := range in {
		s := x.Shape()
		ok := len(s) == len(s0)
		for d := 0; ok && d < len(s); d++ {
			ok = d == o.a || s[d] == s0[d]
		}
		if !ok {
			return nil, dt, errors.Errorf("operand %d has shape %s, operand 0 has %s: only axis %d may differ",
				i, graph.ShapeString(s), graph.ShapeString(s0), o.axis)
		}
		o.start = append(o.start, o.total)
		o.size = append(o.size, s[o.a])
		o.total += s[o.a]
	}
	o.outer, _, o.inner = axisSplit(s0, o.a)
	out := s0.Clone()
	out[o.a] = o.total
	return out, dt, nil
}

func (o *concat) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	for i, x := range in {
		switch dst.Dtype() {
		case tensor.Float64:
			concatK(o, i, f64(dst), f64(x))
		case tensor.Float32:
			concatK(o, i, f32(dst), f32(x))
		case tensor.Int:
			concatK(o, i, dst.Ints(), x.Ints())
		default:
			return errDtype("Concat", dst.Dtype())
		}
	}
	return nil
}

// The adjoint of each operand is its own slice of dy.
func (o *concat) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	needs := make([]bool, len(o.start))
	for i := range needs {
		needs[i] = true
	}
	return o.PartialVJP(y, dy, needs)
}

// PartialVJP slices dy for the operands in needs alone.
func (o *concat) PartialVJP(_, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	out := make([]*graph.Node, len(o.start))
	for i, s := range o.start {
		if needs[i] {
			out[i] = Slice(dy, o.a, s, s+o.size[i])
		}
	}
	return out, nil
}

// concatK copies operand i, block by outer block, into its place in d.
func concatK[T any](o *concat, i int, d, x []T) {
	m, row := o.size[i]*o.inner, o.total*o.inner
	for p := 0; p < o.outer; p++ {
		dst := p*row + o.start[i]*o.inner
		copy(d[dst:dst+m], x[p*m:(p+1)*m])
	}
}
