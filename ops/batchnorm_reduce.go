package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// batchNormReduce is (x, stats, dy) → [2, C]: row 0 Σ dy·x̂ and row 1 Σ dy
// per channel, x̂ = (x − μ)·s, s = 1/√(σ² + eps), with μ and σ² read from
// stats as given (not recomputed from x): BatchNorm's gradients of gamma
// and beta, and what its gradient of x needs. Its own VJP treats every
// operand as independent; BatchStats' VJP carries the path from stats
// back to x.
type batchNormReduce struct {
	eps float64
	d   bnDims
}

func (o *batchNormReduce) Name() string { return "BatchNormReduce" }

func (o *batchNormReduce) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	d, dt, err := bnInfer(in[0])
	if err != nil {
		return nil, dt, err
	}
	if err := d.check(in, 1, dt, "stats", 2, d.c); err != nil {
		return nil, dt, err
	}
	if err := d.check(in, 2, dt, "dy", in[0].Shape()...); err != nil {
		return nil, dt, err
	}
	o.d = d
	return tensor.Shape{2, d.c}, dt, nil
}

func (o *batchNormReduce) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("BatchNormReduce", dst.Dtype())
	}
	run()
	return nil
}

func (o *batchNormReduce) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d, eps := &o.d, o.eps
	switch d.dk.of(dst) {
	case kindF64:
		r, x, st, dy := f64(dst), f64(in[0]), f64(in[1]), f64(in[2])
		return d.split(func(lo, hi int) { kernels.BatchNormReduce(r, x, dy, st, eps, d.n, d.c, d.hw, lo, hi) })
	case kindF32:
		r, x, st, dy := f32(dst), f32(in[0]), f32(in[1]), f32(in[2])
		return d.split(func(lo, hi int) { kernels.BatchNormReduce(r, x, dy, st, eps, d.n, d.c, d.hw, lo, hi) })
	}
	return nil
}

func (o *batchNormReduce) VJP(y, g *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, g, []bool{true, true, true})
}

// PartialVJP: with g = (g₀, g₁), R₀ = s·Σ dy·(x − μ) and R₁ = Σ dy,
//
//	∂/∂x: g₀·s·dy    ∂/∂dy: g₀·x̂ + g₁
//	∂/∂μ: −g₀·s·R₁   ∂/∂σ²: −½·g₀·s²·R₀  (ds/dσ² = −½·s³)
func (o *batchNormReduce) PartialVJP(y, g *graph.Node, needs []bool) ([]*graph.Node, error) {
	d, in := &o.d, y.Inputs()
	x, st, dy := in[0], in[1], in[2]
	s, g0 := d.invStd(st, o.eps), d.row(g, 0)
	out := make([]*graph.Node, 3)
	if needs[0] {
		out[0] = Mul(Mul(g0, s), dy)
	}
	if needs[1] {
		gs := Mul(g0, s)
		dmu := Neg(Mul(gs, d.row(y, 1)))
		dv := Mul(Mul(gs, s), Mul(d.row(y, 0), scalarLike(x, -0.5)))
		out[1] = d.pair(dmu, dv)
	}
	if needs[2] {
		xhat := Mul(Sub(x, d.row(st, 0)), s)
		out[2] = Add(Mul(g0, xhat), d.row(g, 1))
	}
	return out, nil
}
