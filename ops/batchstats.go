package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// BatchStats returns batch norm's statistics of x [N, C, …] ([N, C],
// [N, C, L], [N, C, H, W], …): a [2, C] node whose row 0 is each channel's
// mean over every axis but axis 1 and row 1 its population variance (the
// mean squared deviation from that mean, dividing by the number of values
// per channel, not one less), torch.var_mean(x, dims, unbiased=False). The
// two passes over x (the mean, then the deviations) sum in float64 for
// float32 too. BatchNorm takes the result as its statistics; it is
// differentiable on its own as well. x other than a float tensor of rank 2
// or more gives a bad node.
func BatchStats(x *graph.Node) *graph.Node { return graph.Apply(&batchStats{}, x) }

type batchStats struct{ d bnDims }

func (o *batchStats) Name() string { return "BatchStats" }

func (o *batchStats) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	d, dt, err := bnInfer(in[0])
	o.d = d
	return tensor.Shape{2, d.c}, dt, err
}

func (o *batchStats) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	run := o.Prepare(dst, in)
	if run == nil {
		return errDtype("BatchStats", dst.Dtype())
	}
	run()
	return nil
}

func (o *batchStats) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d := &o.d
	switch d.dk.of(dst) {
	case kindF64:
		st, x := f64(dst), f64(in[0])
		return d.split(func(lo, hi int) { kernels.BatchNormStats(st, x, d.n, d.c, d.hw, lo, hi) })
	case kindF32:
		st, x := f32(dst), f32(in[0])
		return d.split(func(lo, hi int) { kernels.BatchNormStats(st, x, d.n, d.c, d.hw, lo, hi) })
	}
	return nil
}

// The adjoint (gμ, gσ²) of the statistics gives x the adjoint
// (gμ + 2·gσ²·(x − μ))/m, m values per channel.
func (o *batchStats) VJP(y, g *graph.Node) ([]*graph.Node, error) {
	d, x := &o.d, y.Inputs()[0]
	m := float64(d.count())
	dx := Add(Mul(d.row(g, 0), scalarLike(x, 1/m)),
		Mul(Mul(d.row(g, 1), scalarLike(x, 2/m)), Sub(x, d.row(y, 0))))
	return []*graph.Node{dx}, nil
}
