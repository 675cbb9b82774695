package kernels

// GoBLAS is chainrule's pure-Go Gemm, the default where OpenBLAS is not
// installed: its own AVX-512F kernels (Go assembly, gemm_avx512_amd64.s) on
// CPUs that have them, its AVX2+FMA kernels (gemm_avx2_amd64.s, and for
// one-row products gemv_amd64.s) on those that have only AVX2 (all three
// give the same bits), gonum's kernels elsewhere. Products worth waking a
// worker for are cut into tiles run by the workers (goProductTiles,
// gemm_tiles.go); smaller ones run on the caller. Each element of the
// result is one chain of fused multiply-adds over k in ascending order
// whichever tile computes it, so results are bit-identical from run to run
// and at any GOMAXPROCS. They differ from gonum's in the
// last bits (a fused multiply-add rounds once where gonum rounds twice).
//
// On the lecture's shapes the AVX2 kernels run 3–9 times faster than
// gonum's: 16×64·64×64 at ~50 GFLOPS (gonum ~9), 64×64·64×784 tiles at ~80.
type GoBLAS struct{}

// Dgemm computes the float64 product.
func (GoBLAS) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !useGemmAVX2 {
		GonumBLAS{}.Dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if tr, tc, ok := goProductTiles(tb, m, n, k, true); ok {
		tiledDgemm(avx2Serial{}, nil, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	dgemmAVX2Serial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Sgemm computes the float32 product.
func (GoBLAS) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !useGemmAVX2 {
		GonumBLAS{}.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if tr, tc, ok := goProductTiles(tb, m, n, k, false); ok {
		tiledSgemm(avx2Serial{}, nil, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	sgemmAVX2Serial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// String returns "go (AVX-512F kernels)", "go (AVX2+FMA kernels)" (on a CPU
// without AVX-512F, or with CHAINRULE_BLAS=go-avx2), or "go (gonum kernels)"
// on a CPU without AVX2 and FMA.
func (GoBLAS) String() string {
	if useGemmAVX2 && useGemmAVX512 {
		return "go (AVX-512F kernels)"
	}
	if useGemmAVX2 {
		return "go (AVX2+FMA kernels)"
	}
	return "go (gonum kernels)"
}

// avx2Serial computes one tile with the AVX2+FMA kernels on the calling
// goroutine.
type avx2Serial struct{}

func (avx2Serial) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	dgemmAVX2Serial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (avx2Serial) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemmAVX2Serial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
