package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// A convolution and its bias, Conv2D(x, w) + b with b of shape [O, 1, 1]
// (or [1, O, 1, 1]), as one step (graph.Compile with Fuse): the Add absorbs
// the convolution feeding it when nothing else reads the convolution. Each
// image's output channels get their bias right after the image's product,
// while the [O, Hout·Wout] block is in cache, instead of in a pass over the
// whole batch's output afterwards (conv1 of W6: 64·20·576 elements). Each
// element is the same product and then the same a + b as apart.

// fuseConvBias returns the fused op when the Add is conv + bias.
func (o *binary) fuseConvBias(k int, cv *conv2d) graph.Op {
	if o.kind != kAdd || k != 0 || o.plan == nil || len(o.plan.flat) != 2 || !o.plan.flat[0] || cv.dk != o.dk {
		return nil
	}
	s, oc := o.in1, cv.d.o
	if !(len(s) == 3 && s[0] == oc && s[1] == 1 && s[2] == 1) && !(len(s) == 4 && s[0] == 1 && s[1] == oc && s[2] == 1 && s[3] == 1) {
		return nil
	}
	return &convBias{cv: cv}
}

// convBias computes Conv2D(x, w) + b: operands x, w and b.
type convBias struct {
	fusedOnly
	cv *conv2d
}

func (o *convBias) Name() string { return o.cv.String() + "+Add" }

func (o *convBias) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	return runPrepared(o, dst, in)
}

func (o *convBias) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.cv.dk.of(dst) {
	case kindF64:
		b := f64(in[2])
		return prepConvThen(&o.cv.d, f64(dst), f64(in[0]), f64(in[1]), func(row []float64, c int) {
			kernels.RowScalar64(kernels.AddScalar, row, row, b[c])
		})
	case kindF32:
		b := f32(in[2])
		return prepConvThen(&o.cv.d, f32(dst), f32(in[0]), f32(in[1]), func(row []float32, c int) {
			kernels.RowScalar32(kernels.AddScalar, row, row, b[c])
		})
	}
	return nil
}
