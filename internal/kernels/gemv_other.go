//go:build !amd64

package kernels

// gemvKernAsm falls back to gemvKernGo where there is no assembly (the
// driver never asks for it there: useGemmAVX2 is false).
func gemvKernAsm[T Float](nv, k int, a []T, acs int, b []T, ldb int, c []T, last int, alpha, beta T, load int) {
	gemvKernGo(nv, k, a, acs, b, ldb, c, last, alpha, beta, load)
}
