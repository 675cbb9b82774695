package ops

import (
	"math"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Pow returns x raised to the constant power p elementwise. Non-integer
// powers of negative numbers give NaN.
func Pow(x *graph.Node, p float64) *graph.Node { return graph.Apply(&pow{p: p}, x) }

type pow struct {
	p  float64
	dk floatKind
}

func (o *pow) Name() string   { return "Pow" }
func (o *pow) String() string { return "Pow(" + formatFloat(o.p) + ")" }

func (o *pow) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	o.dk = kindOf(dt)
	return in[0].Shape(), dt, err
}

func (o *pow) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch o.dk.of(dst) {
	case kindF64:
		powK(f64(dst), f64(in[0]), o.p)
	case kindF32:
		powK(f32(dst), f32(in[0]), o.p)
	default:
		return errDtype("Pow", dst.Dtype())
	}
	return nil
}

// NoGrad reports that x⁰ passes no gradient to x.
func (o *pow) NoGrad(int) bool { return o.p == 0 }

// (xᵖ)' = p·xᵖ⁻¹.
func (o *pow) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	x := y.Inputs()[0]
	switch o.p {
	case 0:
		return []*graph.Node{nil}, nil
	case 1:
		return []*graph.Node{dy}, nil
	}
	return []*graph.Node{Mul(dy, Mul(scalarLike(x, o.p), Pow(x, o.p-1)))}, nil
}

func powK[T Float](d, x []T, p float64) {
	x = x[:len(d)]
	switch p {
	case 2:
		for i, v := range x {
			d[i] = v * v
		}
	case 3:
		for i, v := range x {
			d[i] = v * v * v
		}
	case 4:
		for i, v := range x {
			v2 := v * v
			d[i] = v2 * v2
		}
	default:
		for i, v := range x {
			d[i] = T(math.Pow(float64(v), p))
		}
	}
}
