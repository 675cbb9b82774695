package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// MatMul returns the matrix product a·b. For 2-D a [m, k] and b [k, n] the
// result is [m, n]; a 1-D b [k] gives the matrix-vector product [m], and a
// 1-D a [k] gives the vector-matrix product [n]. When either operand has
// rank 3 or more it is a batched product with torch.matmul's rules
// (BatchMatMul, a vector operand acting as one row or column).
// Mismatched inner dimensions, batch dimensions that do not broadcast, two
// vectors or different dtypes give a bad node.
func MatMul(a, b *graph.Node) *graph.Node {
	if a == nil || b == nil || a.Bad() || b.Bad() {
		return graph.Apply(&matMul{}, a, b)
	}
	switch {
	case (len(a.Shape()) > 2 || len(b.Shape()) > 2) && len(a.Shape()) > 0 && len(b.Shape()) > 0:
		return matMulBatched(a, b)
	case len(a.Shape()) == 2 && len(b.Shape()) == 1:
		return Reshape(MatMulT(a, Reshape(b, -1, 1), false, false), -1)
	case len(a.Shape()) == 1 && len(b.Shape()) == 2:
		return Reshape(MatMulT(Reshape(a, 1, -1), b, false, false), -1)
	}
	return MatMulT(a, b, false, false)
}

// MatMulT returns op(a)·op(b) for 2-D a and b, where op transposes its
// operand when the matching flag is set. The transposes are not
// materialised: they are handed to BLAS as flags. Ranks other than 2,
// mismatched inner dimensions or different dtypes give a bad node.
func MatMulT(a, b *graph.Node, transA, transB bool) *graph.Node {
	return graph.Apply(&matMul{ta: transA, tb: transB}, a, b)
}

var _ graph.PartialVJPer = (*matMul)(nil)

type matMul struct{ ta, tb bool }

func (o *matMul) Name() string { return "MatMul" }

func (o *matMul) String() string {
	s := "MatMul"
	if o.ta {
		s += "(aᵀ)"
	}
	if o.tb {
		s += "(bᵀ)"
	}
	return s
}

// dims returns m, k of op(a) and k, n of op(b).
func (o *matMul) dims(as, bs tensor.Shape) (m, ka, kb, n int) {
	m, ka = as[0], as[1]
	if o.ta {
		m, ka = ka, m
	}
	kb, n = bs[0], bs[1]
	if o.tb {
		kb, n = n, kb
	}
	return
}

func (o *matMul) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	as, bs := in[0].Shape(), in[1].Shape()
	if len(as) != 2 || len(bs) != 2 {
		return nil, dt, errors.Errorf("operands must be matrices (or a matrix and a vector), got ranks %d and %d", len(as), len(bs))
	}
	m, ka, kb, n := o.dims(as, bs)
	if ka != kb {
		return nil, dt, errors.Errorf("inner dimensions differ: %s·%s needs %d == %d", graph.ShapeString(as), graph.ShapeString(bs), ka, kb)
	}
	return tensor.Shape{m, n}, dt, nil
}

func (o *matMul) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	as, bs := in[0].Shape(), in[1].Shape()
	m, k, _, n := o.dims(as, bs)
	switch dst.Dtype() {
	case tensor.Float64:
		BLAS.Dgemm(o.ta, o.tb, m, n, k, 1, f64(in[0]), as[1], f64(in[1]), bs[1], 0, f64(dst), n)
	case tensor.Float32:
		BLAS.Sgemm(o.ta, o.tb, m, n, k, 1, f32(in[0]), as[1], f32(in[1]), bs[1], 0, f32(dst), n)
	default:
		return errDtype("MatMul", dst.Dtype())
	}
	return nil
}

// VJP of C = op(A)·op(B), with the transposes as flags again:
//
//	C = A·B:   dA = dC·Bᵀ   dB = Aᵀ·dC
//	C = A·Bᵀ:  dA = dC·B    dB = dCᵀ·A
//	C = Aᵀ·B:  dA = B·dCᵀ   dB = A·dC
//	C = Aᵀ·Bᵀ: dA = Bᵀ·dCᵀ  dB = dCᵀ·Aᵀ
func (o *matMul) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return o.PartialVJP(y, dy, bothOperands)
}

// PartialVJP builds dA and dB only where needs asks for them: the product
// for the adjoint of a network's input is never built when it is not asked
// for.
func (o *matMul) PartialVJP(y, dy *graph.Node, needs []bool) ([]*graph.Node, error) {
	a, b := y.Inputs()[0], y.Inputs()[1]
	out := make([]*graph.Node, 2)
	if needs[0] {
		switch {
		case !o.ta && !o.tb:
			out[0] = MatMulT(dy, b, false, true)
		case !o.ta && o.tb:
			out[0] = MatMulT(dy, b, false, false)
		case o.ta && !o.tb:
			out[0] = MatMulT(b, dy, false, true)
		default:
			out[0] = MatMulT(b, dy, true, true)
		}
	}
	if needs[1] {
		switch {
		case !o.ta && !o.tb:
			out[1] = MatMulT(a, dy, true, false)
		case !o.ta && o.tb:
			out[1] = MatMulT(dy, a, true, false)
		case o.ta && !o.tb:
			out[1] = MatMulT(a, dy, false, false)
		default:
			out[1] = MatMulT(dy, a, true, true)
		}
	}
	return out, nil
}
