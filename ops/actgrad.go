package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

var (
	_ graph.PartialVJPer = (*actGrad)(nil)
	_ graph.NoGrader     = (*actGrad)(nil)
)

// actGrad is the fused VJP of an activation: one pass over the output (or,
// for ReLU, the input) and the adjoint instead of two or three elementwise
// ops, each a full pass over memory. Its own VJP is written in ops, so second
// derivatives still work.
//
//	sigmoid: dx = dy·y·(1 − y)   (operands y, dy)
//	tanh:    dx = dy·(1 − y²)    (operands y, dy)
//	relu:    dx = dy·[x > 0]     (operands x, dy)
type actGrad struct {
	act actKind
	dk  floatKind
}

type actKind uint8

const (
	actSigmoid actKind = iota
	actTanh
	actReLU
)

var actGradNames = [...]string{actSigmoid: "SigmoidGrad", actTanh: "TanhGrad", actReLU: "ReLUGrad"}

func newActGrad(act actKind, v, dy *graph.Node) *graph.Node {
	return graph.Apply(&actGrad{act: act}, v, dy)
}

func (o *actGrad) Name() string { return actGradNames[o.act] }

func (o *actGrad) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	if !graph.SameShape(in[0].Shape(), in[1].Shape()) {
		return nil, dt, errors.Errorf("value %s and adjoint %s differ in shape", graph.ShapeString(in[0].Shape()), graph.ShapeString(in[1].Shape()))
	}
	o.dk = kindOf(dt)
	return in[0].Shape(), dt, nil
}

func (o *actGrad) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch o.dk.of(dst) {
	case kindF64:
		actGradK(o.act, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		actGradK(o.act, f32(dst), f32(in[0]), f32(in[1]))
	default:
		return errDtype(o.Name(), dst.Dtype())
	}
	return nil
}

// VJP of the fused gradient g(v, dy), with adjoint a:
//
//	sigmoid: ∂/∂dy = a·y(1 − y) = SigmoidGrad(y, a);  ∂/∂y = a·dy·(1 − 2y)
//	tanh:    ∂/∂dy = TanhGrad(y, a);                  ∂/∂y = −2·a·dy·y
//	relu:    ∂/∂dy = ReLUGrad(x, a);                  ∂/∂x = 0 almost everywhere
func (o *actGrad) VJP(y, a *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, a, bothOperands)
}

// PartialVJP builds the adjoints of v and dy only where needs asks for them.
func (o *actGrad) PartialVJP(y, a *graph.Node, needs []bool) ([]*graph.Node, error) {
	v, dy := y.Inputs()[0], y.Inputs()[1]
	out := make([]*graph.Node, 2)
	if needs[0] {
		switch o.act {
		case actSigmoid:
			out[0] = Mul(Mul(a, dy), Sub(scalarLike(v, 1), Mul(scalarLike(v, 2), v)))
		case actTanh:
			out[0] = Mul(Mul(a, dy), Mul(scalarLike(v, -2), v))
		}
	}
	if needs[1] {
		out[1] = newActGrad(o.act, v, a)
	}
	return out, nil
}

// NoGrad reports that ReLU's gradient passes none to its mask, operand 0.
func (o *actGrad) NoGrad(i int) bool { return o.act == actReLU && i == 0 }

func actGradK[T Float](act actKind, d, v, dy []T) {
	switch act {
	case actSigmoid:
		if kernels.Is32[T]() {
			kernels.SigmoidGrad32(kernels.As32(d), kernels.As32(v), kernels.As32(dy))
		} else {
			kernels.SigmoidGrad64(kernels.As64(d), kernels.As64(v), kernels.As64(dy))
		}
	case actTanh:
		if kernels.Is32[T]() {
			kernels.TanhGrad32(kernels.As32(d), kernels.As32(v), kernels.As32(dy))
		} else {
			kernels.TanhGrad64(kernels.As64(d), kernels.As64(v), kernels.As64(dy))
		}
	case actReLU:
		v, dy = v[:len(d)], dy[:len(d)]
		if kernels.Is32[T]() {
			kernels.ReLUGrad32(kernels.As32(d), kernels.As32(v), kernels.As32(dy))
		} else {
			kernels.ReLUGrad64(kernels.As64(d), kernels.As64(v), kernels.As64(dy))
		}
	}
}
