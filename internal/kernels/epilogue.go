package kernels

// Epilogue is work on a product's result applied tile by tile, right after
// each tile is computed and by the goroutine that computed it, while the
// tile is still in that core's cache: a layer's bias add and activation,
// say (ops fuses MatMul → Add → ReLU into one step this way). Tile is
// called once for each tile of rows [r0, r1) and columns [c0, c1) of the
// result; the tiles cover the result exactly once. Calls for different
// tiles may run at the same time.
type Epilogue interface {
	Tile(r0, r1, c0, c1 int)
}

// SgemmThen computes c = alpha·op(a)·op(b) + beta·c with g, applying epi to
// each tile as it is finished (on the workers for a product cut into
// tiles), and reports true, when g is GoBLAS on its AVX2 or AVX-512
// kernels; otherwise it does nothing and reports false (the caller runs the
// product and then its epilogue over the whole result). Every element of c
// gets the bits of g's product followed by epi.
func SgemmThen(g Gemm, ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, epi Epilogue) bool {
	if _, ok := g.(GoBLAS); !ok || !useGemmAVX2 {
		return false
	}
	if tr, tc, ok := goProductTiles(tb, m, n, k, false); ok {
		tiledSgemm(avx2Serial{}, epi, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return true
	}
	sgemmAVX2Serial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	epi.Tile(0, m, 0, n)
	return true
}

// DgemmThen is SgemmThen for float64.
func DgemmThen(g Gemm, ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, epi Epilogue) bool {
	if _, ok := g.(GoBLAS); !ok || !useGemmAVX2 {
		return false
	}
	if tr, tc, ok := goProductTiles(tb, m, n, k, true); ok {
		tiledDgemm(avx2Serial{}, epi, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return true
	}
	dgemmAVX2Serial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	epi.Tile(0, m, 0, n)
	return true
}

// BetaLast reports whether g computes each element of c = alpha·op(a)·op(b)
// + beta·c as one chain of multiply-adds over k and only then adds beta·c
// (fma(beta, c, alpha·acc)), so that with alpha = beta = 1 the product has
// the bits of the product alone followed by an add, round(c + acc): true
// for GoBLAS on its AVX2 or AVX-512 kernels (and their one-row GEMV).
// Gonum's kernels add each term into c, and OpenBLAS's are not ours to
// promise.
func BetaLast(g Gemm) bool {
	_, ok := g.(GoBLAS)
	return ok && useGemmAVX2
}
