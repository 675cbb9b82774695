package ops

import (
	"math"
	"strconv"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// LogSoftmax returns log softmax(x) along axis (negative axes count from the
// end): yᵢ = xᵢ − log Σⱼ e^xⱼ over that axis, computed as
// xᵢ − m − log Σⱼ e^(xⱼ−m) with m the maximum, so that large logits such as
// 1000 neither overflow nor lose the result. An axis out of range or a
// non-float x gives a bad node.
func LogSoftmax(x *graph.Node, axis int) *graph.Node {
	return graph.Apply(&logSoftmax{alongAxis{axis: axis}}, x)
}

type logSoftmax struct{ alongAxis }

func (o *logSoftmax) Name() string   { return "LogSoftmax" }
func (o *logSoftmax) String() string { return "LogSoftmax(axis " + strconv.Itoa(o.axis) + ")" }

func (o *logSoftmax) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	s, dt, err := o.setAxis(in)
	if err != nil {
		return nil, dt, err
	}
	return s.Clone(), dt, nil
}

func (o *logSoftmax) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		logSoftmaxK(o.outer, o.n, o.inner, f64(dst), f64(in[0]))
	case tensor.Float32:
		logSoftmaxK(o.outer, o.n, o.inner, f32(dst), f32(in[0]))
	default:
		return errDtype("LogSoftmax", dst.Dtype())
	}
	return nil
}

// With s = softmax(x) = e^y, ∂yᵢ/∂xⱼ = δᵢⱼ − sⱼ, so
// dx = dy − e^y · Σ_axis dy (the sum kept as a size-1 dimension, broadcast).
func (o *logSoftmax) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	s := y.Inputs()[0].Shape()
	return []*graph.Node{Sub(dy, Mul(Exp(y), SumTo(dy, keepDims(s, o.a)...)))}, nil
}

// logSoftmaxK computes, for every (outer, inner) line along the axis, its
// maximum m and lse = m + log Σ e^(x−m) in float64, then y = x − lse.
func logSoftmaxK[T Float](outer, n, inner int, d, x []T) {
	for p := 0; p < outer; p++ {
		base := p * n * inner
		for q := 0; q < inner; q++ {
			i0 := base + q
			m := float64(x[i0])
			for k := 1; k < n; k++ {
				if v := float64(x[i0+k*inner]); v > m {
					m = v
				}
			}
			s := 0.0
			for k := 0; k < n; k++ {
				s += math.Exp(float64(x[i0+k*inner]) - m)
			}
			lse := m + math.Log(s)
			for k := 0; k < n; k++ {
				i := i0 + k*inner
				d[i] = T(float64(x[i]) - lse)
			}
		}
	}
}
