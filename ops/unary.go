package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// unary is an elementwise op of one operand, with one slice kernel per dtype
// and a VJP written in other ops.
type unary struct {
	name  string
	heavy bool // a transcendental kernel (exp, tanh, ...): worth splitting across cores sooner
	dk    floatKind
	k64   func(d, x []float64)
	k32   func(d, x []float32)
	vjp   func(x, y, dy *graph.Node) *graph.Node
}

func (o *unary) Name() string { return o.name }

func (o *unary) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	o.dk = kindOf(dt)
	return in[0].Shape(), dt, err
}

func (o *unary) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch o.dk.of(dst) {
	case kindF64:
		o.k64(f64(dst), f64(in[0]))
	case kindF32:
		o.k32(f32(dst), f32(in[0]))
	default:
		return errDtype(o.name, dst.Dtype())
	}
	return nil
}

func (o *unary) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{o.vjp(y.Inputs()[0], y, dy)}, nil
}

// mapKernel applies f to every element: d[i] = f(x[i]).
func mapKernel[T Float](f func(T) T) func(d, x []T) {
	return func(d, x []T) {
		x = x[:len(d)]
		for i, v := range x {
			d[i] = f(v)
		}
	}
}
