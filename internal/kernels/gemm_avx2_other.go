//go:build !amd64

package kernels

// Without the assembly of gemm_avx2_amd64.s the kernel names are the pure-Go
// kernels. useGemmAVX2 is false here (useAVX2 is), so the driver in
// gemm_avx2.go calls the …Go kernels directly; these exist so that the
// package and its tests compile everywhere.

// sgemmKern6x16 falls back to sgemmKern6x16Go.
func sgemmKern6x16(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int) {
	sgemmKern6x16Go(k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

// dgemmKern6x8 falls back to dgemmKern6x8Go.
func dgemmKern6x8(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int) {
	dgemmKern6x8Go(k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

// sgemmTransPack8 sets dst[p*ldd+r] = src[r*lds+p] for r < 8, p < kb.
func sgemmTransPack8(dst []float32, ldd int, src []float32, lds int, kb int) {
	for r := 0; r < 8; r++ {
		for p := 0; p < kb; p++ {
			dst[p*ldd+r] = src[r*lds+p]
		}
	}
}

// sgemmTransPack16 sets dst[p*ldd+r] = src[r*lds+p] for r < 16, p < kb.
func sgemmTransPack16(dst []float32, ldd int, src []float32, lds int, kb int) {
	sgemmTransPack8(dst, ldd, src, lds, kb)
	sgemmTransPack8(dst[8:], ldd, src[8*lds:], lds, kb)
}

// dgemmTransPack8 sets dst[p*ldd+r] = src[r*lds+p] for r < 8, p < kb.
func dgemmTransPack8(dst []float64, ldd int, src []float64, lds int, kb int) {
	dgemmTransPack4(dst, ldd, src, lds, kb)
	dgemmTransPack4(dst[4:], ldd, src[4*lds:], lds, kb)
}

// dgemmTransPack4 sets dst[p*ldd+r] = src[r*lds+p] for r < 4, p < kb.
func dgemmTransPack4(dst []float64, ldd int, src []float64, lds int, kb int) {
	for r := 0; r < 4; r++ {
		for p := 0; p < kb; p++ {
			dst[p*ldd+r] = src[r*lds+p]
		}
	}
}
