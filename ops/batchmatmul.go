package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// BatchMatMul returns op(a)·op(b) for every matrix of a [..., M, K] and
// b [..., K, N], where op transposes the last two axes of its operand when
// the matching flag is set (handed to BLAS as a flag, not copied). The batch
// dimensions (all but the last two) broadcast as in torch.matmul: a
// [2, 1, M, K] and b [3, K, N] give [2, 3, M, N], and a matrix operand is
// the same matrix for every batch element. Each batch element is one
// product through BLAS; when b is a matrix and a is not transposed, the
// whole product is one [batch·M, K]·[K, N] product. For two matrices it is
// MatMulT.
//
// Scaled dot-product attention is softmax(QKᵀ/√d)V:
//
//	s := ops.Mul(ops.BatchMatMul(q, k, false, true), g.Scalar(1/math.Sqrt(d)))
//	o := ops.BatchMatMul(ops.Softmax(s, -1), v, false, false)
//
// An operand of rank below 2, mismatched inner dimensions, batch
// dimensions that do not broadcast or different dtypes give a bad node.
func BatchMatMul(a, b *graph.Node, transA, transB bool) *graph.Node {
	op := &batchMatMul{ta: transA, tb: transB}
	if a == nil || b == nil || a.Bad() || b.Bad() || a.Graph() != b.Graph() {
		return graph.Apply(op, a, b)
	}
	as, bs := a.Shape(), b.Shape()
	if _, err := op.shape(as, bs); err != nil {
		return graph.Apply(op, a, b) // records the error with these shapes
	}
	switch {
	case len(as) == 2 && len(bs) == 2:
		return MatMulT(a, b, transA, transB)
	case len(bs) == 2 && !transA:
		// Every batch element multiplies the same b: one product of a's
		// rows, stacked.
		out := append(as[:len(as)-1:len(as)-1], bs[1])
		if transB {
			out[len(out)-1] = bs[0]
		}
		return Reshape(MatMulT(Reshape(a, -1, as[len(as)-1]), b, false, transB), out...)
	}
	return graph.Apply(op, a, b)
}

type batchMatMul struct {
	ta, tb     bool
	m, k, n    int
	lda, ldb   int
	offA, offB []int // per batch element: where its matrix starts in a and b
}

func (o *batchMatMul) Name() string { return "BatchMatMul" }

func (o *batchMatMul) String() string {
	s := "BatchMatMul"
	if o.ta {
		s += "(aᵀ)"
	}
	if o.tb {
		s += "(bᵀ)"
	}
	return s
}

// shape returns the result's shape for operands as and bs, or an error.
func (o *batchMatMul) shape(as, bs tensor.Shape) (tensor.Shape, error) {
	if len(as) < 2 || len(bs) < 2 {
		return nil, errors.Errorf("operands must have rank 2 or more (batches of matrices), got ranks %d and %d", len(as), len(bs))
	}
	ra, rb := len(as)-2, len(bs)-2
	m, ka := as[ra], as[ra+1]
	if o.ta {
		m, ka = ka, m
	}
	kb, n := bs[rb], bs[rb+1]
	if o.tb {
		kb, n = n, kb
	}
	if ka != kb {
		return nil, errors.Errorf("inner dimensions differ: %s·%s needs %d == %d", graph.ShapeString(as), graph.ShapeString(bs), ka, kb)
	}
	batch, err := graph.Broadcast(as[:ra], bs[:rb])
	if err != nil {
		return nil, errors.Errorf("batch dimensions: %v", err)
	}
	o.m, o.k, o.n, o.lda, o.ldb = m, ka, n, as[ra+1], bs[rb+1]
	return append(batch, m, n), nil
}

func (o *batchMatMul) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	as, bs := in[0].Shape(), in[1].Shape()
	out, err := o.shape(as, bs)
	if err != nil {
		return nil, dt, err
	}
	batch := out[:len(out)-2]
	o.offA = batchOffsets(batch, as[:len(as)-2], as[len(as)-2]*as[len(as)-1])
	o.offB = batchOffsets(batch, bs[:len(bs)-2], bs[len(bs)-2]*bs[len(bs)-1])
	return out, dt, nil
}

// batchOffsets returns, for each element of batch (row-major), where the
// matrix of an operand with batch dimensions own (broadcast to batch) and
// matrices of size elements starts.
func batchOffsets(batch, own tensor.Shape, size int) []int {
	st := graph.BroadcastStrides(own, batch)
	nb := 1
	for _, d := range batch {
		nb *= d
	}
	off := make([]int, nb)
	idx := make([]int, len(batch))
	for i := range off {
		for d, x := range idx {
			off[i] += x * st[d] * size
		}
		for d := len(idx) - 1; d >= 0; d-- {
			if idx[d]++; idx[d] < batch[d] {
				break
			}
			idx[d] = 0
		}
	}
	return off
}

func (o *batchMatMul) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	sa, sb, sc := o.m*o.k, o.k*o.n, o.m*o.n
	switch dst.Dtype() {
	case tensor.Float64:
		a, b, c := f64(in[0]), f64(in[1]), f64(dst)
		for i, oa := range o.offA {
			ob := o.offB[i]
			BLAS.Dgemm(o.ta, o.tb, o.m, o.n, o.k, 1, a[oa:oa+sa], o.lda, b[ob:ob+sb], o.ldb, 0, c[i*sc:(i+1)*sc], o.n)
		}
	case tensor.Float32:
		a, b, c := f32(in[0]), f32(in[1]), f32(dst)
		for i, oa := range o.offA {
			ob := o.offB[i]
			BLAS.Sgemm(o.ta, o.tb, o.m, o.n, o.k, 1, a[oa:oa+sa], o.lda, b[ob:ob+sb], o.ldb, 0, c[i*sc:(i+1)*sc], o.n)
		}
	default:
		return errDtype("BatchMatMul", dst.Dtype())
	}
	return nil
}

// VJP: MatMulT's rules for each batch element, as batched products again.
// Each adjoint has the result's batch dimensions; autodiff sums them down
// to the operand's own (un-broadcasting, via SumTo).
func (o *batchMatMul) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	a, b := y.Inputs()[0], y.Inputs()[1]
	switch {
	case !o.ta && !o.tb:
		return []*graph.Node{BatchMatMul(dy, b, false, true), BatchMatMul(a, dy, true, false)}, nil
	case !o.ta && o.tb:
		return []*graph.Node{BatchMatMul(dy, b, false, false), BatchMatMul(dy, a, true, false)}, nil
	case o.ta && !o.tb:
		return []*graph.Node{BatchMatMul(b, dy, false, true), BatchMatMul(a, dy, false, false)}, nil
	}
	return []*graph.Node{BatchMatMul(b, dy, true, true), BatchMatMul(dy, a, true, true)}, nil
}

// matMulBatched is MatMul for operands of which one has rank 3 or more, with
// torch.matmul's rules for a vector operand: a [K] acts as [1, K] and b [K]
// as [K, 1], and the added axis is removed from the result.
func matMulBatched(a, b *graph.Node) *graph.Node {
	as, bs := a.Shape(), b.Shape()
	switch {
	case len(as) == 1:
		out := BatchMatMul(Reshape(a, 1, -1), b, false, false)
		if out.Bad() {
			return out
		}
		s := out.Shape()
		return Reshape(out, append(s[:len(s)-2:len(s)-2], s[len(s)-1])...)
	case len(bs) == 1:
		out := BatchMatMul(a, Reshape(b, -1, 1), false, false)
		if out.Bad() {
			return out
		}
		s := out.Shape()
		return Reshape(out, s[:len(s)-1]...)
	}
	return BatchMatMul(a, b, false, false)
}
