//go:build !amd64

package kernels

// Without gemm_avx512_amd64.s: useGemmAVX512 is false here, so the driver
// never calls these; they exist so that the package compiles everywhere,
// as the pure-Go kernels of their tiles.

func sgemmKern8x32Z(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int) {
	gemmKernGoN(8, 32, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

func sgemmKern14x32Z(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int) {
	gemmKernGoN(14, 32, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

func dgemmKern8x16Z(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int) {
	gemmKernGoN(8, 16, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

func dgemmKern14x16Z(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int) {
	gemmKernGoN(14, 16, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}
