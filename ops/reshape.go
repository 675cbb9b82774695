package ops

import (
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Reshape returns x's elements, in row-major order, with a new shape of the
// same size. One dimension may be -1 and is then inferred. A size mismatch,
// more than one -1 or a dimension below -1 or equal to 0 gives a bad node.
func Reshape(x *graph.Node, shape ...int) *graph.Node {
	return graph.Apply(&reshape{to: append([]int{}, shape...)}, x)
}

type reshape struct{ to []int }

func (o *reshape) Name() string   { return "Reshape" }
func (o *reshape) String() string { return "Reshape" + graph.ShapeString(o.to) }

func (o *reshape) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	x := in[0]
	out := tensor.Shape(append([]int{}, o.to...))
	free, size := -1, 1
	for i, d := range out {
		switch {
		case d == -1 && free < 0:
			free = i
		case d <= 0:
			return nil, x.Dtype(), errors.Errorf("bad dimension %d at %d in target shape %s", d, i, graph.ShapeString(out))
		case size > math.MaxInt/d:
			return nil, x.Dtype(), errors.Errorf("target shape %s has more elements than an int can count", graph.ShapeString(out))
		default:
			size *= d
		}
	}
	if free >= 0 {
		if x.Size()%size != 0 {
			return nil, x.Dtype(), errors.Errorf("cannot reshape %d elements to %s", x.Size(), graph.ShapeString(out))
		}
		out[free] = x.Size() / size
		size *= out[free]
	}
	if size != x.Size() {
		return nil, x.Dtype(), errors.Errorf("cannot reshape %d elements to %s (%d elements)", x.Size(), graph.ShapeString(out), size)
	}
	o.to = out
	return out, x.Dtype(), nil
}

func (o *reshape) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		copyUnlessSame(f64(dst), f64(in[0]))
	case tensor.Float32:
		copyUnlessSame(f32(dst), f32(in[0]))
	case tensor.Int:
		copy(dst.Ints(), in[0].Ints())
	default:
		return errDtype("Reshape", dst.Dtype())
	}
	return nil
}

// InPlace lets the result take over its operand's buffer (graph.InPlacer)
// when nothing reads the operand later: the elements stay where they are,
// so the step copies nothing (a flattened pooling output, the gradient
// folded back to it).
func (o *reshape) InPlace(int) bool { return true }

// copyUnlessSame copies src into dst unless they are the same elements (a
// reshape written over its operand).
func copyUnlessSame[T Float](dst, src []T) {
	if len(dst) > 0 && len(src) > 0 && &dst[0] == &src[0] {
		return
	}
	copy(dst, src)
}

// The adjoint is reshaped back to x's shape.
func (o *reshape) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{Reshape(dy, y.Inputs()[0].Shape()...)}, nil
}
