package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// A layer's matrix product, bias add and activation, u(op(a)·op(b) + c)
// with c one row broadcast over the rows, run as one step (graph.Compile
// with Fuse): the fused bias add and activation (binUnary) absorbs the
// product feeding it (graph.OperandFuser) when nothing else reads the
// product. The product is computed by BLAS as MatMul's is, and the bias and
// activation are applied to each tile of the result right after it is
// computed, by the same goroutine (kernels.SgemmThen, for GoBLAS): the
// tile is still in that core's cache, there is no separate pass over the
// result and no wait for the workers between the two. With another BLAS
// the product runs whole and the bias and activation after it, as apart.
// The bits are those of the three ops run apart: each element is the same
// product, then the same sum and activation.

// FuseOperand absorbs a MatMul producing operand 0 when operand 1 is a row
// broadcast over the product's rows (a bias [n] or [1, n]).
func (o *binUnary) FuseOperand(k int, producer *graph.Node) graph.Op {
	mm, ok := producer.Op().(*matMul)
	if !ok || k != 0 || len(producer.Shape()) != 2 || !rowBroadcast(o.b.plan, producer.Shape()[1]) {
		return nil
	}
	return &matMulBinUnary{mm: mm, bu: o}
}

// rowBroadcast reports whether p adds to operand 0, of the output's shape,
// operand 1 as one row of n elements repeated for every row.
func rowBroadcast(p *bcastPlan, n int) bool {
	if p == nil || len(p.flat) != 2 || !p.flat[0] || p.flat[1] || p.inner != n || p.ist[1] != 1 {
		return false
	}
	for _, off := range p.off[1] {
		if off != 0 {
			return false
		}
	}
	return true
}

// matMulBinUnary computes bu(mm(a, b), c): operands a, b and the row c.
type matMulBinUnary struct {
	fusedOnly
	mm *matMul
	bu *binUnary
}

func (o *matMulBinUnary) Name() string { return o.mm.String() + "+" + o.bu.Name() }

func (o *matMulBinUnary) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	return runPrepared(o, dst, in)
}

func (o *matMulBinUnary) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	as, bs := in[0].Shape(), in[1].Shape()
	m, k, _, n := o.mm.dims(as, bs)
	switch o.bu.b.dk.of(dst) {
	case kindF64:
		var both func(d, a, b []float64)
		if o.bu.addReLU {
			both = kernels.AddReLU64
		}
		e := &biasAct[float64]{kind: o.bu.b.kind, u: o.bu.u.k64, both: both, d: f64(dst), c: f64(in[2]), n: n}
		a, b := f64(in[0]), f64(in[1])
		apart := prepBinUnary(o.bu.b.kind, o.bu.b.plan, o.bu.u.k64, both, o.bu.u.heavy, e.d, e.d, e.c)
		return func() {
			if !kernels.DgemmThen(BLAS, o.mm.ta, o.mm.tb, m, n, k, 1, a, as[1], b, bs[1], 0, e.d, n, e) {
				BLAS.Dgemm(o.mm.ta, o.mm.tb, m, n, k, 1, a, as[1], b, bs[1], 0, e.d, n)
				apart()
			}
		}
	case kindF32:
		var both func(d, a, b []float32)
		if o.bu.addReLU {
			both = kernels.AddReLU32
		}
		e := &biasAct[float32]{kind: o.bu.b.kind, u: o.bu.u.k32, both: both, d: f32(dst), c: f32(in[2]), n: n}
		a, b := f32(in[0]), f32(in[1])
		apart := prepBinUnary(o.bu.b.kind, o.bu.b.plan, o.bu.u.k32, both, o.bu.u.heavy, e.d, e.d, e.c)
		return func() {
			if !kernels.SgemmThen(BLAS, o.mm.ta, o.mm.tb, m, n, k, 1, a, as[1], b, bs[1], 0, e.d, n, e) {
				BLAS.Sgemm(o.mm.ta, o.mm.tb, m, n, k, 1, a, as[1], b, bs[1], 0, e.d, n)
				apart()
			}
		}
	}
	return nil
}

// biasAct is the epilogue d = u(d k c) on the rows of d [·, n], c a row of n
// (kernels.Epilogue): binUnaryK's per-row work, on a tile's part of each row.
type biasAct[T Float] struct {
	kind binKind
	u    func(d, x []T)
	both func(d, a, b []T) // nil, or the sum and activation in one pass
	d, c []T
	n    int
}

func (e *biasAct[T]) Tile(r0, r1, c0, c1 int) {
	c := e.c[c0:c1]
	for r := r0; r < r1; r++ {
		row := e.d[r*e.n+c0 : r*e.n+c1]
		if e.both != nil {
			e.both(row, row, c)
			continue
		}
		binaryRow(e.kind, row, row, 1, c, 1)
		e.u(row, row)
	}
}
