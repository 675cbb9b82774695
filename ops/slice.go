package ops

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Slice returns the elements of x with index start ≤ i < end along axis
// (negative axes count from the end); the axis keeps its place with size
// end − start. Slicing time step t out of a [B, T, F] sequence is
// Slice(x, 1, t, t+1) (then Reshape to [B, F]). It accepts float and int
// tensors. An axis out of range, or not 0 ≤ start < end ≤ the axis's size,
// gives a bad node.
func Slice(x *graph.Node, axis, start, end int) *graph.Node {
	return graph.Apply(&slice{axis: axis, start: start, end: end}, x)
}

type slice struct {
	axis, start, end int
	a                int // axis, normalised by Infer
	outer, n, inner  int // x viewed as [outer, n, inner] around the axis
}

func (o *slice) Name() string { return "Slice" }
func (o *slice) String() string {
	return fmt.Sprintf("Slice(axis %d, %d:%d)", o.axis, o.start, o.end)
}

func (o *slice) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameData(in)
	if err != nil {
		return nil, dt, err
	}
	s := in[0].Shape()
	if o.a, err = normAxis(o.axis, s); err != nil {
		return nil, dt, err
	}
	if o.start < 0 || o.start >= o.end || o.end > s[o.a] {
		return nil, dt, errors.Errorf("range %d:%d is empty or out of bounds for axis %d of size %d", o.start, o.end, o.axis, s[o.a])
	}
	o.outer, o.n, o.inner = axisSplit(s, o.a)
	out := s.Clone()
	out[o.a] = o.end - o.start
	return out, dt, nil
}

func (o *slice) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		sliceK(o, f64(dst), f64(in[0]))
	case tensor.Float32:
		sliceK(o, f32(dst), f32(in[0]))
	case tensor.Int:
		sliceK(o, dst.Ints(), in[0].Ints())
	default:
		return errDtype("Slice", dst.Dtype())
	}
	return nil
}

// The adjoint is dy padded with zeros back to x's shape.
func (o *slice) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Apply(&pad{s: *o}, dy)}, nil
}

// sliceK copies block [start, end) of every outer block of x into d.
func sliceK[T any](o *slice, d, x []T) {
	m := (o.end - o.start) * o.inner
	for p := 0; p < o.outer; p++ {
		src := (p*o.n + o.start) * o.inner
		copy(d[p*m:(p+1)*m], x[src:src+m])
	}
}

// pad is Slice's adjoint: it places its operand at [start, end) along the
// axis of a zero tensor of the sliced tensor's shape. Its own adjoint is
// the same Slice.
type pad struct{ s slice }

func (o *pad) Name() string { return "Pad" }
func (o *pad) String() string {
	return fmt.Sprintf("Pad(axis %d, %d:%d of %d)", o.s.axis, o.s.start, o.s.end, o.s.n)
}

func (o *pad) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	out := in[0].Shape().Clone()
	if len(out) <= o.s.a || out[o.s.a] != o.s.end-o.s.start {
		return nil, dt, errors.Errorf("operand %s is not the slice %d:%d along axis %d", graph.ShapeString(out), o.s.start, o.s.end, o.s.a)
	}
	out[o.s.a] = o.s.n
	return out, dt, nil
}

func (o *pad) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		padK(&o.s, f64(dst), f64(in[0]))
	case tensor.Float32:
		padK(&o.s, f32(dst), f32(in[0]))
	default:
		return errDtype("Pad", dst.Dtype())
	}
	return nil
}

func (o *pad) VJP(_, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{Slice(dy, o.s.a, o.s.start, o.s.end)}, nil
}

func padK[T Float](o *slice, d, x []T) {
	clear(d)
	m := (o.end - o.start) * o.inner
	for p := 0; p < o.outer; p++ {
		dst := (p*o.n + o.start) * o.inner
		copy(d[dst:dst+m], x[p*m:(p+1)*m])
	}
}
