package ops

import (
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// BatchNorm returns batch normalisation in training mode, PyTorch's
// native_batch_norm: for each channel (axis 1) of x [N, C, …],
//
//	y = (x − μ)/√(σ² + eps)·gamma + beta
//
// with μ and σ² the batch's own statistics, stats = BatchStats(x) (which
// the caller builds, so that it can also update running statistics from
// it), gamma and beta [C]. It is one pass over x; its gradient is two, one
// op reducing (Σ dy·x̂, Σ dy) per channel, which are the gradients of gamma
// and beta, and one computing
//
//	dx = gamma/√(σ² + eps)·(dy − Σdy/m − x̂·Σ(dy·x̂)/m)
//
// (m values per channel), the gradient through the statistics included:
// BatchNorm passes no gradient to stats. Both are differentiable again.
// Channels are split across cores whole, so results do not depend on the
// number of cores. stats other than BatchStats(x) of this very x, gamma
// or beta not of shape [C], differing dtypes, x not a float tensor of rank
// 2 or more, or eps negative or not finite give a bad node.
func BatchNorm(x, stats, gamma, beta *graph.Node, eps float64) *graph.Node {
	return graph.Apply(&batchNorm{eps: eps}, x, stats, gamma, beta)
}

type batchNorm struct {
	eps float64
	d   bnDims
}

func (o *batchNorm) Name() string   { return "BatchNorm" }
func (o *batchNorm) String() string { return "BatchNorm(eps " + formatFloat(o.eps) + ")" }

func (o *batchNorm) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	d, dt, err := bnInfer(in[0])
	if err != nil {
		return nil, dt, err
	}
	if !(o.eps >= 0) || math.IsInf(o.eps, 1) {
		return nil, dt, errors.Errorf("eps %v, want a finite value >= 0", o.eps)
	}
	if _, ok := in[1].Op().(*batchStats); !ok || in[1].Inputs()[0] != in[0] {
		return nil, dt, errors.Errorf("stats (operand 1) must be BatchStats(x) of the same x, not %s", in[1])
	}
	if err := d.check(in, 2, dt, "gamma", d.c); err != nil {
		return nil, dt, err
	}
	if err := d.check(in, 3, dt, "beta", d.c); err != nil {
		return nil, dt, err
	}
	o.d = d
	return in[0].Shape().Clone(), dt, nil
}

func (o *batchNorm) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("BatchNorm", dst.Dtype())
	}
	run()
	return nil
}

func (o *batchNorm) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d, eps := &o.d, o.eps
	switch d.dk.of(dst) {
	case kindF64:
		y, x, st, g, b := f64(dst), f64(in[0]), f64(in[1]), f64(in[2]), f64(in[3])
		return d.split(func(lo, hi int) { kernels.BatchNormApply(y, x, st, g, b, eps, d.n, d.c, d.hw, lo, hi) })
	case kindF32:
		y, x, st, g, b := f32(dst), f32(in[0]), f32(in[1]), f32(in[2]), f32(in[3])
		return d.split(func(lo, hi int) { kernels.BatchNormApply(y, x, st, g, b, eps, d.n, d.c, d.hw, lo, hi) })
	}
	return nil
}

// NoGrad reports that stats (operand 1) gets no gradient: x's gradient
// includes the path through the statistics.
func (o *batchNorm) NoGrad(i int) bool { return i == 1 }

func (o *batchNorm) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, dy, []bool{true, false, true, true})
}

// PartialVJP builds the reduction (Σ dy·x̂, Σ dy) for any operand, and the
// gradient of x only when needs[0].
func (o *batchNorm) PartialVJP(y, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	in := y.Inputs()
	x, st, gamma := in[0], in[1], in[2]
	r := graph.Apply(&batchNormReduce{eps: o.eps}, x, st, dy)
	out := make([]*graph.Node, 4)
	if needs[0] {
		out[0] = graph.Apply(&batchNormGrad{eps: o.eps}, x, st, gamma, r, dy)
	}
	if needs[2] {
		out[2] = Reshape(Slice(r, 0, 0, 1), o.d.c)
	}
	if needs[3] {
		out[3] = Reshape(Slice(r, 0, 1, 2), o.d.c)
	}
	return out, nil
}
