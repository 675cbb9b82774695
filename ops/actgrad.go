package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
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
	v, dy := y.Inputs()[0], y.Inputs()[1]
	switch o.act {
	case actSigmoid:
		return []*graph.Node{
			Mul(Mul(a, dy), Sub(scalarLike(v, 1), Mul(scalarLike(v, 2), v))),
			newActGrad(actSigmoid, v, a),
		}, nil
	case actTanh:
		return []*graph.Node{
			Mul(Mul(a, dy), Mul(scalarLike(v, -2), v)),
			newActGrad(actTanh, v, a),
		}, nil
	}
	return []*graph.Node{nil, newActGrad(actReLU, v, a)}, nil
}

func actGradK[T Float](act actKind, d, v, dy []T) {
	v, dy = v[:len(d)], dy[:len(d)]
	switch act {
	case actSigmoid:
		for i, y := range v {
			d[i] = dy[i] * (y * (1 - y))
		}
	case actTanh:
		for i, y := range v {
			d[i] = dy[i] * (1 - y*y)
		}
	case actReLU:
		if is32[T]() {
			reluGrad32(as32(d), as32(v), as32(dy))
		} else {
			reluGrad64(as64(d), as64(v), as64(dy))
		}
	}
}
