package kernels

//go:generate go run -C asm ./gemm -out ../gemm_avx2_amd64.s

// Declarations of the GEMM micro-kernels in gemm_avx2_amd64.s (AVX2 + FMA3),
// which asm/gemm generates with avo.
// They must only be called when useGemmAVX2 is set; the driver in
// gemm_avx2.go guarantees that every element they touch is in bounds (only
// the base pointers of the slices are used). See sgemmKern6x16Go and
// dgemmKern6x8Go in gemm_avx2.go for the exact semantics.

// sgemmKern6x16 computes the 6×16 float32 tile
//
//	acc[i][j] = Σ_{p<k} a[i*ars+p*acs] · b[p*ldb+j]   (one FMA chain, p ascending)
//	c[i*ldc+j] = load ? fma(beta, c[i*ldc+j], alpha·acc[i][j]) : alpha·acc[i][j]
//
// for i < 6, j < 16. k must be ≥ 1.
//
//go:noescape
func sgemmKern6x16(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int)

// dgemmKern6x8 is sgemmKern6x16 for float64 with a 6×8 tile.
//
//go:noescape
func dgemmKern6x8(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int)

// sgemmTransPack8 transposes 8 rows of src (stride lds) into dst (stride
// ldd): dst[p*ldd+r] = src[r*lds+p] for r < 8, p < kb; kb must be a positive
// multiple of 8.
//
//go:noescape
func sgemmTransPack8(dst []float32, ldd int, src []float32, lds int, kb int)

// dgemmTransPack4 transposes 4 rows of src (stride lds) into dst (stride
// ldd): dst[p*ldd+r] = src[r*lds+p] for r < 4, p < kb; kb must be a positive
// multiple of 4.
//
//go:noescape
func dgemmTransPack4(dst []float64, ldd int, src []float64, lds int, kb int)

// sgemmTransPack16 is sgemmTransPack8 for 16 rows of src (r < 16), which it
// writes 64 bytes of each row of dst at a time.
//
//go:noescape
func sgemmTransPack16(dst []float32, ldd int, src []float32, lds int, kb int)

// dgemmTransPack8 is dgemmTransPack4 for 8 rows of src (r < 8), which it
// writes 64 bytes of each row of dst at a time.
//
//go:noescape
func dgemmTransPack8(dst []float64, ldd int, src []float64, lds int, kb int)
