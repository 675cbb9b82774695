package kernels

//go:generate go run -C asm ./gemv -out ../gemv_amd64.s

// Declarations of the one-row product kernels in gemv_amd64.s (AVX2 +
// FMA3), which asm/gemv generates with avo. They must only be called when
// useGemmAVX2 is set; gemvSerial (gemv.go) guarantees that every element
// they touch is in bounds (only the base pointers of the slices are used).
// gemvKernGo in gemv.go defines the semantics.

// gemvKernAsm calls T's assembly kernel for nv (1..12) vectors.
func gemvKernAsm[T Float](nv, k int, a []T, acs int, b []T, ldb int, c []T, last int, alpha, beta T, load int) {
	if Is32[T]() {
		a, b, c, alpha, beta := As32(a), As32(b), As32(c), float32(alpha), float32(beta)
		switch nv {
		case 1:
			sgemvKern1(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 2:
			sgemvKern2(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 3:
			sgemvKern3(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 4:
			sgemvKern4(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 5:
			sgemvKern5(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 6:
			sgemvKern6(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 7:
			sgemvKern7(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 8:
			sgemvKern8(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 9:
			sgemvKern9(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 10:
			sgemvKern10(k, a, acs, b, ldb, c, last, alpha, beta, load)
		case 11:
			sgemvKern11(k, a, acs, b, ldb, c, last, alpha, beta, load)
		default:
			sgemvKern12(k, a, acs, b, ldb, c, last, alpha, beta, load)
		}
		return
	}
	a64, b64, c64, alpha64, beta64 := As64(a), As64(b), As64(c), float64(alpha), float64(beta)
	switch nv {
	case 1:
		dgemvKern1(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 2:
		dgemvKern2(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 3:
		dgemvKern3(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 4:
		dgemvKern4(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 5:
		dgemvKern5(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 6:
		dgemvKern6(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 7:
		dgemvKern7(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 8:
		dgemvKern8(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 9:
		dgemvKern9(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 10:
		dgemvKern10(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	case 11:
		dgemvKern11(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	default:
		dgemvKern12(k, a64, acs, b64, ldb, c64, last, alpha64, beta64, load)
	}
}

// sgemvKern1 .. sgemvKern12 compute nv vectors of 8 float32s of one row of C:
// vector v (v < nv-1) holds columns 8v..8v+7 of the panel, the last
// columns last..last+7; for each column j of them
//
//	acc = Σ_{p<k} a[p*acs] · b[p*ldb+j]   (one FMA chain from 0, p ascending)
//	c[j] = load ? fma(beta, c[j], alpha·acc) : alpha·acc
//
// with every c[j] read before any is written. k must be ≥ 1.
//
//go:noescape
func sgemvKern1(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern2(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern3(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern4(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern5(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern6(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern7(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern8(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern9(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern10(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern11(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

//go:noescape
func sgemvKern12(k int, a []float32, acs int, b []float32, ldb int, c []float32, last int, alpha, beta float32, load int)

// dgemvKern1 .. dgemvKern12 are sgemvKern1 .. sgemvKern12 for float64,
// vectors of 4.
//
//go:noescape
func dgemvKern1(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern2(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern3(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern4(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern5(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern6(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern7(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern8(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern9(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern10(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern11(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)

//go:noescape
func dgemvKern12(k int, a []float64, acs int, b []float64, ldb int, c []float64, last int, alpha, beta float64, load int)
