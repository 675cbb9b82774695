package ops

import (
	"unsafe"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// A matrix product added to a tensor of its own shape, c + op(a)·op(b), as
// one step (graph.Compile with Fuse): the Add absorbs the product feeding
// it (graph.OperandFuser) when nothing else reads the product. The GEMM
// then adds into c itself (beta = 1), with no buffer for the product and
// no pass over it: a gradient summed over an unrolled network's steps
// (autodiff adds each step's hᵀ·dgates to the sum so far), or the two
// products of an RNN's gates. With Share the sum is written over c when
// nothing reads c afterwards (InPlace). Only a Gemm that adds beta·c after
// each element's chain (kernels.BetaLast: GoBLAS) gives the bits of the
// product and the add apart; with any other the product goes to a scratch
// buffer, made at the first such run, and is added as Add would.

// FuseOperand absorbs a MatMul producing operand k of an Add whose other
// operand has the output's shape, or a Conv2D producing operand 0 of an
// Add of its channels' bias (fused_conv_bias.go).
func (o *binary) FuseOperand(k int, producer *graph.Node) graph.Op {
	if cv, ok := producer.Op().(*conv2d); ok {
		return o.fuseConvBias(k, cv)
	}
	mm, ok := producer.Op().(*matMul)
	if !ok || o.kind != kAdd || o.plan == nil || len(o.plan.flat) != 2 || !o.plan.flat[0] || !o.plan.flat[1] || len(producer.Shape()) != 2 {
		return nil
	}
	return &matMulAdd{mm: mm, add: o, k: k}
}

// matMulAdd computes c + op(a)·op(b): operands a, b (the product's) and c.
type matMulAdd struct {
	fusedOnly
	mm  *matMul
	add *binary
	k   int // which operand of the Add the product was
}

func (o *matMulAdd) Name() string { return o.mm.String() + "+Add" }

// InPlace lets the sum overwrite c (operand 2), which the GEMM reads an
// element at a time before writing it.
func (o *matMulAdd) InPlace(k int) bool { return k == 2 }

func (o *matMulAdd) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	return runPrepared(o, dst, in)
}

func (o *matMulAdd) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	as, bs := in[0].Shape(), in[1].Shape()
	m, k, _, n := o.mm.dims(as, bs)
	switch o.add.dk.of(dst) {
	case kindF64:
		return prepMatMulAdd(o, m, n, k, as[1], bs[1], f64(dst), f64(in[0]), f64(in[1]), f64(in[2]))
	case kindF32:
		return prepMatMulAdd(o, m, n, k, as[1], bs[1], f32(dst), f32(in[0]), f32(in[1]), f32(in[2]))
	}
	return nil
}

func prepMatMulAdd[T Float](o *matMulAdd, m, n, k, lda, ldb int, d, a, b, c []T) func() {
	inPlace := len(d) > 0 && len(c) > 0 && unsafe.SliceData(d) == unsafe.SliceData(c)
	var scratch []T
	var apart func()
	return func() {
		if kernels.BetaLast(BLAS) && k > 0 {
			if !inPlace {
				copy(d, c)
			}
			gemmT(BLAS, o.mm.ta, o.mm.tb, m, n, k, a, lda, b, ldb, 1, d, n)
			return
		}
		if apart == nil {
			scratch = make([]T, m*n)
			x, y := c, scratch
			if o.k == 0 {
				x, y = scratch, c
			}
			apart = prepBinary(kAdd, o.add.plan, d, x, y)
		}
		gemmT(BLAS, o.mm.ta, o.mm.tb, m, n, k, a, lda, b, ldb, 0, scratch, n)
		apart()
	}
}
