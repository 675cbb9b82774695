package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Where returns a where cond is non-zero and b where it is zero,
// elementwise, with NumPy broadcasting over all three operands (e.g. a
// [B, H] condition choosing between a [B, H] tensor and the scalar 0). cond
// is a float mask of the same dtype, such as Greater returns; no gradient
// flows to it. Shapes that do not broadcast or different dtypes give a bad
// node.
func Where(cond, a, b *graph.Node) *graph.Node {
	return graph.Apply(&where{}, cond, a, b)
}

var (
	_ graph.PartialVJPer = (*where)(nil)
	_ graph.NoGrader     = (*where)(nil)
)

type where struct{ plan *bcastPlan }

func (o *where) Name() string { return "Where" }

func (o *where) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	out, err := graph.Broadcast(in[0].Shape(), in[1].Shape())
	if err == nil {
		out, err = graph.Broadcast(out, in[2].Shape())
	}
	if err != nil {
		return nil, dt, errors.Errorf("shapes %s, %s and %s do not broadcast",
			graph.ShapeString(in[0].Shape()), graph.ShapeString(in[1].Shape()), graph.ShapeString(in[2].Shape()))
	}
	if err := checkPlan(out, dt, planned(out, in[0].Shape(), in[1].Shape(), in[2].Shape())); err != nil {
		return nil, dt, err
	}
	o.plan = newBcastPlan(out, in[0].Shape(), in[1].Shape(), in[2].Shape())
	return out, dt, nil
}

func (o *where) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		whereK(o.plan, f64(dst), f64(in[0]), f64(in[1]), f64(in[2]))
	case tensor.Float32:
		whereK(o.plan, f32(dst), f32(in[0]), f32(in[1]), f32(in[2]))
	default:
		return errDtype("Where", dst.Dtype())
	}
	return nil
}

// The adjoint goes to a where cond holds and to b elsewhere.
func (o *where) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, dy, []bool{false, true, true})
}

// PartialVJP builds the adjoints of a and b only where needs asks for them.
func (o *where) PartialVJP(y, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	out := make([]*graph.Node, 3)
	if !needs[1] && !needs[2] {
		return out, nil
	}
	cond, zero := y.Inputs()[0], scalarLike(dy, 0)
	if needs[1] {
		out[1] = Where(cond, dy, zero)
	}
	if needs[2] {
		out[2] = Where(cond, zero, dy)
	}
	return out, nil
}

// NoGrad reports that no gradient flows to the condition, operand 0.
func (o *where) NoGrad(i int) bool { return i == 0 }

// rowAt returns operand i's start offset and stride for output row r.
func rowAt(p *bcastPlan, i, r int) (off, stride int) {
	if p.flat[i] {
		return r * p.inner, 1
	}
	return p.off[i][r], p.ist[i]
}

func whereK[T Float](p *bcastPlan, d, c, a, b []T) {
	n := p.inner
	for r := 0; r*n < len(d); r++ {
		co, cs := rowAt(p, 0, r)
		ao, as := rowAt(p, 1, r)
		bo, bs := rowAt(p, 2, r)
		row := d[r*n : (r+1)*n]
		for j := range row {
			if c[co+j*cs] != 0 {
				row[j] = a[ao+j*as]
			} else {
				row[j] = b[bo+j*bs]
			}
		}
	}
}
