package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// BroadcastTo repeats x along the dimensions that NumPy broadcasting would
// stretch to reach shape. A shape that x does not broadcast to gives a bad
// node.
func BroadcastTo(x *graph.Node, shape ...int) *graph.Node {
	return graph.Apply(&broadcastTo{to: tensor.Shape(append([]int{}, shape...))}, x)
}

type broadcastTo struct {
	to   tensor.Shape
	plan rowPlan
	off  []int
}

func (o *broadcastTo) Name() string   { return "BroadcastTo" }
func (o *broadcastTo) String() string { return "BroadcastTo" + graph.ShapeString(o.to) }

func (o *broadcastTo) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	xs := in[0].Shape()
	if b, err := graph.Broadcast(xs, o.to); err != nil || !graph.SameShape(b, o.to) {
		return nil, dt, errors.Errorf("shape %s does not broadcast to %s", graph.ShapeString(xs), graph.ShapeString(o.to))
	}
	if err := checkPlan(o.to, dt, 1); err != nil {
		return nil, dt, err
	}
	o.plan = newRowPlan(o.to, graph.BroadcastStrides(xs, o.to))
	o.off = o.plan.offsets()
	return o.to, dt, nil
}

func (o *broadcastTo) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		broadcastK(o.plan, o.off, f64(dst), f64(in[0]))
	case tensor.Float32:
		broadcastK(o.plan, o.off, f32(dst), f32(in[0]))
	default:
		return errDtype("BroadcastTo", dst.Dtype())
	}
	return nil
}

// The adjoint of a broadcast is the adjoint summed back to x's shape.
func (o *broadcastTo) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{SumTo(dy, y.Inputs()[0].Shape()...)}, nil
}

func broadcastK[T Float](p rowPlan, off []int, d, x []T) {
	n := p.inner
	for r, o := range off {
		row := d[r*n : (r+1)*n]
		if p.ist == 0 {
			v := x[o]
			for j := range row {
				row[j] = v
			}
			continue
		}
		copy(row, x[o:o+n])
	}
}
