package kernels

//go:generate go run -C asm ./gemm512 -out ../gemm_avx512_amd64.s

// Declarations of the AVX-512F GEMM micro-kernels in gemm_avx512_amd64.s,
// which asm/gemm512 generates with avo. They must only be called when
// useGemmAVX512 is set; the driver in gemm_avx2.go guarantees that every
// element they touch is in bounds (only the base pointers of the slices are
// used). Each computes, for its mr×nr tile,
//
//	acc[i][j] = Σ_{p<k} a[i*ars+p*acs] · b[p*ldb+j]   (one FMA chain, p ascending)
//	c[i*ldc+j] = load ? fma(beta, c[i*ldc+j], alpha·acc[i][j]) : alpha·acc[i][j]
//
// for i < mr, j < nr, the operations of sgemmKern6x16 and dgemmKern6x8
// element for element. k must be ≥ 1.

//go:noescape
func sgemmKern8x32Z(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int)

//go:noescape
func sgemmKern14x32Z(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int)

//go:noescape
func dgemmKern8x16Z(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int)

//go:noescape
func dgemmKern14x16Z(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int)
