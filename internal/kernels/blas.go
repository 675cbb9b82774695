package kernels

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Gemm is the pair of general matrix products that MatMul needs, in
// row-major order: c ← alpha·op(a)·op(b) + beta·c with op(a) m×k and op(b)
// k×n.
type Gemm interface {
	Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)
	Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
}

// GonumBLAS is the pure-Go Gemm of gonum.org/v1/gonum/blas/gonum.
type GonumBLAS struct{}

var gonumImpl gonum.Implementation

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// Dgemm computes the float64 product; large products are split into tiles
// computed in parallel without allocating (see gemm_tiles.go).
func (GonumBLAS) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	tr, tc, ok := productTiles(m, n, k)
	if !ok {
		gonumImpl.Dgemm(trans(ta), trans(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	tiledDgemm(gonumSerial{}, nil, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm computes the float32 product, tiled like Dgemm.
func (GonumBLAS) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	tr, tc, ok := productTiles(m, n, k)
	if !ok {
		gonumImpl.Sgemm(trans(ta), trans(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	tiledSgemm(gonumSerial{}, nil, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
