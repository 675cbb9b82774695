package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// batchNormGrad is BatchNorm's gradient of x, (x, stats, gamma, r, dy) →
//
//	dx = a·(dy − b − (x − μ)·q),  a = gamma·s, b = R₁/m, q = s·R₀/m
//
// per channel, s = 1/√(σ² + eps), m values per channel, r = (R₀, R₁) the
// batchNormReduce of (x, stats, dy), μ and σ² read from stats as given.
// Its own VJP treats every operand as independent.
type batchNormGrad struct {
	eps float64
	d   bnDims
}

func (o *batchNormGrad) Name() string { return "BatchNormGrad" }

func (o *batchNormGrad) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	d, dt, err := bnInfer(in[0])
	if err != nil {
		return nil, dt, err
	}
	for _, c := range []struct {
		i    int
		what string
		want []int
	}{{1, "stats", []int{2, d.c}}, {2, "gamma", []int{d.c}}, {3, "r", []int{2, d.c}}, {4, "dy", in[0].Shape()}} {
		if err := d.check(in, c.i, dt, c.what, c.want...); err != nil {
			return nil, dt, err
		}
	}
	o.d = d
	return in[0].Shape().Clone(), dt, nil
}

func (o *batchNormGrad) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("BatchNormGrad", dst.Dtype())
	}
	run()
	return nil
}

func (o *batchNormGrad) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d, eps := &o.d, o.eps
	switch d.dk.of(dst) {
	case kindF64:
		dx, x, st, g, r, dy := f64(dst), f64(in[0]), f64(in[1]), f64(in[2]), f64(in[3]), f64(in[4])
		return d.split(func(lo, hi int) { kernels.BatchNormInputGrad(dx, x, dy, st, g, r, eps, d.n, d.c, d.hw, lo, hi) })
	case kindF32:
		dx, x, st, g, r, dy := f32(dst), f32(in[0]), f32(in[1]), f32(in[2]), f32(in[3]), f32(in[4])
		return d.split(func(lo, hi int) { kernels.BatchNormInputGrad(dx, x, dy, st, g, r, eps, d.n, d.c, d.hw, lo, hi) })
	}
	return nil
}

func (o *batchNormGrad) VJP(y, h *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, h, []bool{true, true, true, true, true})
}

// PartialVJP: with D = gamma·s·dy − gamma·s·R₁/m − gamma·s²·(x − μ)·R₀/m
// and adjoint h,
//
//	∂/∂x:  −h·gamma·s²·R₀/m            ∂/∂dy: h·gamma·s
//	∂/∂gamma: Σ h·s·(dy − R₁/m − (x − μ)·s·R₀/m)
//	∂/∂R₀: −Σ h·gamma·s²·(x − μ)/m     ∂/∂R₁: −gamma·s·Σh/m
//	∂/∂μ:  gamma·s²·R₀/m·Σh
//	∂/∂σ²: −½·s³·Σ h·gamma·(dy − R₁/m − 2·s·(x − μ)·R₀/m)
func (o *batchNormGrad) PartialVJP(y, h *graph.Node, needs []bool) ([]*graph.Node, error) {
	d, in := &o.d, y.Inputs()
	x, st, gamma, r, dy := in[0], in[1], in[2], in[3], in[4]
	k := func(v float64) *graph.Node { return scalarLike(x, v) }
	m := float64(d.count())
	s := d.invStd(st, o.eps)
	gm := Reshape(gamma, d.bshape()...)
	r0m, r1m := Mul(d.row(r, 0), k(1/m)), Mul(d.row(r, 1), k(1/m)) // R₀/m, R₁/m
	xc := Sub(x, d.row(st, 0))                                     // x − μ
	gs := Mul(gm, s)                                               // gamma·s
	out := make([]*graph.Node, 5)
	if needs[0] {
		out[0] = Neg(Mul(h, Mul(Mul(gs, s), r0m)))
	}
	if needs[2] {
		out[2] = d.perChannel(Mul(Mul(h, s), Sub(Sub(dy, r1m), Mul(xc, Mul(s, r0m)))))
	}
	if needs[1] || needs[3] {
		sumH := SumKeep(h, d.axes()...)
		if needs[1] {
			dmu := Mul(sumH, Mul(Mul(gs, s), r0m))
			inner := Sub(Sub(dy, r1m), Mul(xc, Mul(Mul(s, r0m), k(2))))
			s3 := Mul(Mul(s, s), Mul(s, k(-0.5)))
			dv := Mul(s3, SumKeep(Mul(Mul(h, gm), inner), d.axes()...))
			out[1] = d.pair(dmu, dv)
		}
		if needs[3] {
			dr0 := Neg(SumKeep(Mul(Mul(h, Mul(gs, s)), Mul(xc, k(1/m))), d.axes()...))
			dr1 := Neg(Mul(Mul(gs, k(1/m)), sumH))
			out[3] = d.pair(dr0, dr1)
		}
	}
	if needs[4] {
		out[4] = Mul(h, gs)
	}
	return out, nil
}
