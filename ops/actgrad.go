package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
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
		if is32[T]() {
			sigmoidGrad32(as32(d), as32(v), as32(dy))
		} else {
			sigmoidGrad64(as64(d), as64(v), as64(dy))
		}
	case actTanh:
		if is32[T]() {
			tanhGrad32(as32(d), as32(v), as32(dy))
		} else {
			tanhGrad64(as64(d), as64(v), as64(dy))
		}
	case actReLU:
		v, dy = v[:len(d)], dy[:len(d)]
		if is32[T]() {
			reluGrad32(as32(d), as32(v), as32(dy))
		} else {
			reluGrad64(as64(d), as64(v), as64(dy))
		}
	}
}

// Sigmoid and tanh gradient kernels, in the manner of simd.go: each entry
// point checks that y and dy have at least len(d) elements (else it panics
// before touching anything), then runs the AVX2 kernel (actgrad_amd64.s)
// when useAVX2 is set, else the pure-Go reference (suffix Go). d may be the
// same slice as y or dy (in place).
//
//	sigmoidGrad32(d, y, dy)  d[i] = dy[i] * (y[i] * (1 - y[i]))
//	tanhGrad32(d, y, dy)     d[i] = dy[i] * (1 - y[i]*y[i])
//
// and the same for float64. The two give bit-identical results for every
// input, NaNs (payloads included), infinities, signed zeros and denormals
// (actgrad_simd_test.go): the assembly performs the same IEEE operations in
// the same order (with the operand order that the Go compiler gives, which
// decides the payload when two NaNs meet), never FMA, and the Go
// references round every product with an explicit conversion, which the Go
// spec forbids fusing into a multiply-add, so they give these bits on every
// architecture and GOAMD64 level.

// sigmoidGrad32 sets d[i] = dy[i] * (y[i] * (1 - y[i])).
func sigmoidGrad32(d, y, dy []float32) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		sigmoidGrad32AVX2(d, y, dy)
		return
	}
	sigmoidGrad32Go(d, y, dy)
}

// sigmoidGrad64 sets d[i] = dy[i] * (y[i] * (1 - y[i])).
func sigmoidGrad64(d, y, dy []float64) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		sigmoidGrad64AVX2(d, y, dy)
		return
	}
	sigmoidGrad64Go(d, y, dy)
}

// tanhGrad32 sets d[i] = dy[i] * (1 - y[i]*y[i]).
func tanhGrad32(d, y, dy []float32) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		tanhGrad32AVX2(d, y, dy)
		return
	}
	tanhGrad32Go(d, y, dy)
}

// tanhGrad64 sets d[i] = dy[i] * (1 - y[i]*y[i]).
func tanhGrad64(d, y, dy []float64) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		tanhGrad64AVX2(d, y, dy)
		return
	}
	tanhGrad64Go(d, y, dy)
}

// sigmoidGrad32Go is the pure-Go sigmoidGrad32, the reference for
// sigmoidGrad32AVX2.
func sigmoidGrad32Go(d, y, dy []float32) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * float32(v*(1-v))
	}
}

// sigmoidGrad64Go is the pure-Go sigmoidGrad64, the reference for
// sigmoidGrad64AVX2.
func sigmoidGrad64Go(d, y, dy []float64) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * float64(v*(1-v))
	}
}

// tanhGrad32Go is the pure-Go tanhGrad32, the reference for tanhGrad32AVX2:
// v*v is rounded before the subtraction, so it is never fused.
func tanhGrad32Go(d, y, dy []float32) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * (1 - float32(v*v))
	}
}

// tanhGrad64Go is the pure-Go tanhGrad64, the reference for tanhGrad64AVX2:
// v*v is rounded before the subtraction, so it is never fused.
func tanhGrad64Go(d, y, dy []float64) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * (1 - float64(v*v))
	}
}
