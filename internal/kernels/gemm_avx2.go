package kernels

// Serial GEMM with AVX-512F or AVX2 + FMA3 micro-kernels.
//
// sgemmAVX2Serial and dgemmAVX2Serial compute, on the calling goroutine and
// in row-major order, exactly what Gemm.Sgemm / Gemm.Dgemm (blas.go) specify:
//
//	C(m×n) = alpha·op(A)·op(B) + beta·C
//
// op(A) is A (m×k, row stride lda) or, if ta, Aᵀ with A stored k×m; op(B)
// likewise (k×n, or n×k stored if tb). The arguments are checked as gonum
// checks them (same panics). m or n == 0 returns at once; alpha == 0 or
// k == 0 only scales C by beta (beta == 1: C untouched; beta == 0: C set to
// zero without being read); otherwise beta == 0 means C is never read, so
// NaN or Inf in C do not leak into the result.
//
// Design. C is cut into tiles of MR×NR, each computed by one call of the
// micro-kernel: with AVX2 (gemm_avx2_amd64.s) 6×16 for float32 and 6×8 for
// float64 in 12 YMM accumulators; with AVX-512F (gemm_avx512_amd64.s,
// where x/sys/cpu reports it) 8×32 / 8×16 in 16 ZMM accumulators or
// 14×32 / 14×16 in 28, the height chosen per product by gemm512Rows (the
// one that wastes fewer rows at the rate each runs at). Every kernel does,
// per element, one FMA chain over the whole of k in ascending order from
// zero, then C = fma(beta, C, alpha·acc) (or alpha·acc when beta == 0): the
// same IEEE operations in the same order, so the AVX-512 kernels, the AVX2
// ones and every tile height give the same bits (TestGemmAVX512MatchesAVX2),
// and a result does not depend on the machine's vector width. The
// kernel reads A in place with arbitrary row and column strides, so neither
// A nor Aᵀ is packed; it reads NR contiguous elements of each row of op(B),
// so B is used in place when it is not transposed and packed (transposed
// into a k×n' buffer, n' = n rounded up to NR, zero-padded) when it is —
// unless packing op(A) and copying C are cheaper, in which case the
// transposed product Cᵀ = B·op(A)ᵀ is computed (gemmSwapped). With the
// AVX-512 kernels, a B read in place whose row stride is a multiple of
// 2 KiB has its column panels copied to a contiguous buffer (cache sets).
//
// Edges: when m ≥ MR the last row panel starts at m−MR (it overlaps the
// previous one) and when op(B) has ≥ NR columns the last column panel starts
// at n−NR; such a panel is computed into a small MR×NR tile on the stack
// (holding a copy of C's valid part when beta ≠ 0) and only the elements
// not yet written are copied out. When m == 1 and B is not transposed
// (and n ≥ one vector), the one-row kernels of gemv.go compute the row with
// the same chains, B read in place; otherwise, when m == 1, the kernel
// reads op(A)'s one row as all of its rows (row stride 0) and only row 0
// is kept; when
// 1 < m < MR, op(A) is packed into a zero-padded MR×k panel; when n < NR (and B is not transposed) op(B) is
// packed into a zero-padded k×NR buffer. Every element of C is computed by
// exactly the same sequence of operations whichever tile computes it, so
// the result is deterministic, independent of the goroutine that computes
// it and of the position of the element in its tile. It is not
// bit-identical to gonum's (FMA rounds once where gonum rounds twice).
//
// The packing buffers come from a mutex-guarded free list (not sync.Pool,
// which is emptied at every GC), so after warm-up a call allocates nothing;
// concurrent calls each take their own buffers.
//
// useGemmAVX2 selects the assembly kernels (and useGemmAVX512, among them,
// the AVX-512 ones); without them (other
// architectures, CPUs without AVX2 or FMA3) the same driver runs the pure-Go
// kernels sgemmKern6x16Go / dgemmKern6x8Go, which are much slower but give
// the same results up to rounding.

import (
	"unsafe"

	"golang.org/x/sys/cpu"

	"github.com/chainrule/chainrule/internal/parallel"
)

// useGemmAVX2 reports whether the GEMM drivers call the AVX2+FMA3 assembly
// micro-kernels. Tests clear it to exercise the pure-Go kernels.
var useGemmAVX2 = useAVX2 && cpu.X86.HasFMA

// useGemmAVX512 reports whether the drivers call the AVX-512F kernels
// (gemm_avx512_amd64.s) in place of the AVX2 ones: on CPUs whose AVX512F
// x/sys/cpu reports (which includes the OS saving the ZMM state). Tests and
// benchmarks clear it to compare with the AVX2 kernels; CHAINRULE_BLAS=go-avx2
// clears it (Select).
var useGemmAVX512 = haveGemmAVX512

// haveGemmAVX512 reports whether the CPU (and OS) can run the AVX-512F
// kernels.
var haveGemmAVX512 = useGemmAVX2 && cpu.X86.HasAVX512F

// gemmPanelRows is the fewest rows of C for which the driver packs the
// column panels of a B whose row stride is a multiple of 2 KiB (0: never);
// a variable for the tests.
var gemmPanelRows = 64

// gemm512MR, when not 0, forces the AVX-512 tile's rows (8 or 14) for the
// tests and benchmarks; 0 lets gemm512Rows choose by m.
var gemm512MR = 0

const (
	gemmMR  = 6  // rows of an AVX2 (and pure-Go) micro-tile
	sgemmNR = 16 // columns of a float32 AVX2 micro-tile (2 YMM)
	dgemmNR = 8  // columns of a float64 AVX2 micro-tile (2 YMM)

	gemmMaxMR = 14 // the most rows of any micro-tile
	gemmMaxNR = 32 // the most columns of any micro-tile (float32, 2 ZMM)
)

// gemmCheck panics, as gonum's Sgemm/Dgemm do, on negative sizes, leading
// dimensions that are too small and slices that are too short. It is what
// makes the assembly kernels' unchecked accesses safe.
func gemmCheck(ta, tb bool, m, n, k, lda, ldb, ldc, la, lb, lc int) {
	if m < 0 {
		panic("blas: m < 0")
	}
	if n < 0 {
		panic("blas: n < 0")
	}
	if k < 0 {
		panic("blas: k < 0")
	}
	if ta {
		if lda < max(1, m) {
			panic("blas: bad leading dimension of A")
		}
	} else if lda < max(1, k) {
		panic("blas: bad leading dimension of A")
	}
	if tb {
		if ldb < max(1, k) {
			panic("blas: bad leading dimension of B")
		}
	} else if ldb < max(1, n) {
		panic("blas: bad leading dimension of B")
	}
	if ldc < max(1, n) {
		panic("blas: bad leading dimension of C")
	}
	if m == 0 || n == 0 {
		return
	}
	if ta {
		if la < (k-1)*lda+m {
			panic("blas: insufficient length of a")
		}
	} else if la < (m-1)*lda+k {
		panic("blas: insufficient length of a")
	}
	if tb {
		if lb < (n-1)*ldb+k {
			panic("blas: insufficient length of b")
		}
	} else if lb < (k-1)*ldb+n {
		panic("blas: insufficient length of b")
	}
	if lc < (m-1)*ldc+n {
		panic("blas: insufficient length of c")
	}
}

// ---- packing buffers ----

// gemmBufs holds one call's packing buffers.
type gemmBufs[T Float] struct{ a, b, c []T }

// gemmBufs32 and gemmBufs64 hold finished calls' buffers for reuse.
var (
	gemmBufs32 parallel.FreeList[gemmBufs[float32]]
	gemmBufs64 parallel.FreeList[gemmBufs[float64]]
)

// gemmFree returns the free list of T's buffers.
func gemmFree[T Float]() *parallel.FreeList[gemmBufs[T]] {
	if Is32[T]() {
		return any(&gemmBufs32).(*parallel.FreeList[gemmBufs[T]])
	}
	return any(&gemmBufs64).(*parallel.FreeList[gemmBufs[T]])
}

// grow returns buf resliced to n elements, reallocated if too small.
func grow[T Float](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// ---- the driver, for both dtypes ----

// sgemmAVX2Serial computes c = alpha·op(a)·op(b) + beta·c (float32) on the
// calling goroutine; see the top of this file.
func sgemmAVX2Serial(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmSerial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// dgemmAVX2Serial is sgemmAVX2Serial for float64.
func dgemmAVX2Serial(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemmSerial(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmNR returns the AVX2 micro-tile width of T: sgemmNR or dgemmNR.
func gemmNR[T Float]() int {
	if Is32[T]() {
		return sgemmNR
	}
	return dgemmNR
}

// Kernel kinds, for gemmKern.
const (
	kernGo = iota
	kernAVX2
	kernAVX512
)

// gemmTile returns the kind of micro-kernel the driver calls for T now and
// its tile, mr × nr, for a product of m rows.
func gemmTile[T Float](m int) (kind, mr, nr int) {
	switch {
	case useGemmAVX2 && useGemmAVX512:
		if Is32[T]() {
			return kernAVX512, gemm512Rows(m), 32
		}
		return kernAVX512, gemm512Rows(m), 16
	case useGemmAVX2:
		return kernAVX2, gemmMR, gemmNR[T]()
	}
	return kernGo, gemmMR, gemmNR[T]()
}

// gemmSerial is the driver of sgemmAVX2Serial and dgemmAVX2Serial.
func gemmSerial[T Float](ta, tb bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemmCheck(ta, tb, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		gemmScaleC(m, n, beta, c, ldc)
		return
	}
	if m == 1 && !tb && n >= gemvLanes[T]() {
		// One row times B in place: the GEMV kernels (gemv.go).
		acs := 1
		if ta {
			acs = lda
		}
		gemvSerial(useGemmAVX2, n, k, alpha, a, acs, b, ldb, beta, c)
		return
	}
	if tb && gemmSwapNT && m >= 8 && n > m && k*(n-m) > gemmSwapCopies(beta)*m*n {
		gemmSwapped(ta, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	kind, mr, nr := gemmTile[T](m)
	var bufs *gemmBufs[T]

	// The A view: op(A)[i][p] = av[i*ars + p*acs], am ≥ mr rows.
	av, ars, acs, am := a, lda, 1, m
	if ta {
		ars, acs = 1, lda
	}
	switch {
	case m == 1:
		// One row that the GEMV kernels do not take (op(B) transposed,
		// or n narrower than a vector): every row of the kernel reads it
		// (row stride 0) and the edge path keeps row 0, so A is not
		// packed; the row's chains are those of the packed path.
		ars, am = 0, mr
	case m < mr:
		bufs = gemmFree[T]().Get()
		bufs.a = grow(bufs.a, mr*k)
		gemmPackA(bufs.a, mr, ta, m, k, a, lda)
		av, ars, acs, am = bufs.a, 1, mr, mr
	}
	// The B view: op(B)[p][j] = bv[p*bld + j], bn ≥ nr columns.
	bv, bld, bn := b, ldb, n
	if tb || n < nr {
		if bufs == nil {
			bufs = gemmFree[T]().Get()
		}
		bn = (n + nr - 1) / nr * nr
		bufs.b = grow(bufs.b, k*bn)
		gemmPackB(bufs.b, bn, tb, n, k, b, ldb)
		bv, bld = bufs.b, bn
	}
	// Panel packing (AVX-512 kernels): when B is read in place with a row
	// stride that is a multiple of 2 KiB, the k rows of a column panel fall
	// into a few sets of the caches and evict one another (1024³ ran at
	// 68 GFLOPS, 1024×1000·1000×1024 at 120); so when k ≥ 256 and there
	// are at least gemmPanelRows rows of C to reuse it, each k×nr panel is
	// first copied to a contiguous buffer (1024³: 131 GFLOPS). The same
	// values reach the kernel, so the bits do not change.
	panel := gemmPanelRows > 0 && kind == kernAVX512 && !tb && n >= nr && m >= gemmPanelRows && k >= 256 &&
		ldb*int(unsafe.Sizeof(alpha))%2048 == 0
	var pb []T
	if panel {
		if bufs == nil {
			bufs = gemmFree[T]().Get()
		}
		pb = grow(bufs.b, k*nr)
		bufs.b = pb
	}

	load := 0
	if beta != 0 {
		load = 1
	}
	// The edge tile (mr × nr of it), on the stack: Go zeroes it at every
	// call, so it is declared at the size the kernel kind needs (the AVX2
	// one's as before), for AVX-512 as 1,792 bytes whatever T is (14×32
	// float32, 14×16 float64; a [448]T cost a float64 16×64·64×8 product
	// 387–399 ns against 376).
	var t []T
	if kind == kernAVX512 {
		var t512 [gemmMaxMR * gemmMaxNR / 2]uint64
		t = unsafe.Slice((*T)(unsafe.Pointer(&t512[0])), len(t512)*8/int(unsafe.Sizeof(alpha)))
	} else {
		var t2 [gemmMR * sgemmNR]T
		t = t2[:]
	}
	for j0 := 0; j0 < n; j0 += nr {
		jb := min(j0, bn-nr) // first column of the panel in the B view
		bp, bpld := bv[jb:], bld
		if panel {
			for p := 0; p < k; p++ {
				copy(pb[p*nr:p*nr+nr], bv[p*bld+jb:p*bld+jb+nr])
			}
			bp, bpld = pb, nr
		}
		for i0 := 0; i0 < m; i0 += mr {
			ib := min(i0, am-mr) // first row of the panel in the A view
			ap := av[ib*ars:]
			if ib == i0 && jb == j0 && i0+mr <= m && j0+nr <= n {
				gemmKern(kind, mr, k, ap, ars, acs, bp, bpld, c[i0*ldc+j0:], ldc, alpha, beta, load)
				continue
			}
			// Edge: rows i0..i1-1 and columns j0..j1-1 of C are tile rows
			// i-ib and columns j-jb.
			i1, j1 := min(i0+mr, m), min(j0+nr, n)
			if load != 0 {
				for i := i0; i < i1; i++ {
					copy(t[(i-ib)*nr+j0-jb:(i-ib)*nr+j1-jb], c[i*ldc+j0:i*ldc+j1])
				}
			}
			gemmKern(kind, mr, k, ap, ars, acs, bp, bpld, t, nr, alpha, beta, load)
			for i := i0; i < i1; i++ {
				copy(c[i*ldc+j0:i*ldc+j1], t[(i-ib)*nr+j0-jb:(i-ib)*nr+j1-jb])
			}
		}
	}
	if bufs != nil {
		gemmFree[T]().Put(bufs)
	}
}

// gemmSwapNT lets gemmSerial compute a product with B transposed as its
// transpose (gemmSwapped) when that packs fewer elements than it copies:
// (n−m)·k fewer transposed against m·n copied once (beta == 0) or twice.
// Measured: W7's 32×512·(128×512)ᵀ 108.7 → 144.5 GFLOPS (float64 49.5 →
// 71.2); W3's 128×128·(256×128)ᵀ, where the two are equal (16 K against 32
// K copied), 134.7 against 132.7, so it is not swapped. Tests clear it.
var gemmSwapNT = true

// gemmSwapCopies is how many transposed copies of C gemmSwapped makes.
func gemmSwapCopies[T Float](beta T) int {
	if beta == 0 {
		return 1
	}
	return 2
}

// gemmSwapped computes c = alpha·op(A)·Bᵀ + beta·c, op(A) m×k and B n×k,
// as the transposed product Cᵀ = B·op(A)ᵀ + beta·Cᵀ (n×m) in a buffer
// holding Cᵀ: the packing transposes op(A) (m×k) instead of B (n×k), n/m
// times fewer elements (W7's 32×512·(128×512)ᵀ: 16 K instead of 64 K;
// W6's dense gradient 64×500·(800×500)ᵀ: 32 K instead of 400 K), for two
// transposed copies of C (m×n; one when beta == 0). Element (i, j) is the
// same chain over p of the same products (A[i][p]·B[j][p] and
// B[j][p]·A[i][p] are the same IEEE product), then the same fma(beta, c,
// alpha·acc) in the kernel, so the bits are the unswapped product's.
func gemmSwapped[T Float](ta bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	bufs := gemmFree[T]().Get() // held: the recursive call takes its own
	bufs.c = grow(bufs.c, n*m)
	t := bufs.c
	if beta != 0 {
		gemmTransposeCopy(t, m, c, ldc, m, n)
	}
	// op(B') = op(A)ᵀ: A itself, transposed (tb') when op(A) = A.
	gemmSerial(false, !ta, n, m, k, alpha, b, ldb, a, lda, beta, t, m)
	gemmTransposeCopy(c, ldc, t, m, n, m)
	gemmFree[T]().Put(bufs)
}

// gemmKern calls T's micro-kernel of the kind and rows mr (gemmTile)
// directly (not through a function value, so that the //go:noescape slices,
// such as the driver's edge tile, stay on the stack).
func gemmKern[T Float](kind, mr, k int, a []T, ars, acs int, b []T, ldb int, c []T, ldc int, alpha, beta T, load int) {
	if kind == kernAVX512 {
		gemmKern512(mr, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
		return
	}
	useAsm := kind == kernAVX2
	switch {
	case Is32[T]() && useAsm:
		sgemmKern6x16(k, As32(a), ars, acs, As32(b), ldb, As32(c), ldc, float32(alpha), float32(beta), load)
	case Is32[T]():
		sgemmKern6x16Go(k, As32(a), ars, acs, As32(b), ldb, As32(c), ldc, float32(alpha), float32(beta), load)
	case useAsm:
		dgemmKern6x8(k, As64(a), ars, acs, As64(b), ldb, As64(c), ldc, float64(alpha), float64(beta), load)
	default:
		dgemmKern6x8Go(k, As64(a), ars, acs, As64(b), ldb, As64(c), ldc, float64(alpha), float64(beta), load)
	}
}

// gemm512Rows returns the AVX-512 tile's rows for a product of m rows: 14
// when the rows it computes, m rounded up to a multiple of 14, cost less
// than m rounded up to a multiple of 8 at the 5 % better rate of the 14-row
// tile (measured: 158.9 against 150.3 GFLOPS on 168×256·256×784, 64.7 against
// 58.7 in float64; docs/performance.md), else 8. So m = 32, 64, 128: 8
// (no wasted row); 50, 256, 500, 784, 800, 1024: 14.
func gemm512Rows(m int) int {
	if gemm512MR != 0 {
		return gemm512MR
	}
	if (m+13)/14*14*20 < (m+7)/8*8*21 {
		return 14
	}
	return 8
}

// gemmKern512 calls T's AVX-512 micro-kernel of mr rows.
func gemmKern512[T Float](mr, k int, a []T, ars, acs int, b []T, ldb int, c []T, ldc int, alpha, beta T, load int) {
	if Is32[T]() {
		a, b, c, alpha, beta := As32(a), As32(b), As32(c), float32(alpha), float32(beta)
		if mr == 8 {
			sgemmKern8x32Z(k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
		} else {
			sgemmKern14x32Z(k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
		}
		return
	}
	a64, b64, c64, alpha64, beta64 := As64(a), As64(b), As64(c), float64(alpha), float64(beta)
	if mr == 8 {
		dgemmKern8x16Z(k, a64, ars, acs, b64, ldb, c64, ldc, alpha64, beta64, load)
	} else {
		dgemmKern14x16Z(k, a64, ars, acs, b64, ldb, c64, ldc, alpha64, beta64, load)
	}
}

// gemmScaleC sets c = beta·c for the m×n matrix c (beta == 0: zero, c not
// read; beta == 1: untouched).
func gemmScaleC[T Float](m, n int, beta T, c []T, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// gemmPackA writes op(A) (m×k, m < mr) to dst as a k×mr panel,
// dst[p*mr+i] = op(A)[i][p], rows m.. zero.
func gemmPackA[T Float](dst []T, mr int, ta bool, m, k int, a []T, lda int) {
	clear(dst)
	for i := 0; i < m; i++ {
		for p := 0; p < k; p++ {
			if ta {
				dst[p*mr+i] = a[p*lda+i]
			} else {
				dst[p*mr+i] = a[i*lda+p]
			}
		}
	}
}

// gemmPackB writes op(B) (k×n) to dst as a k×bn matrix (bn ≥ n, a multiple
// of the tile width), dst[p*bn+j] = op(B)[p][j], columns n.. zero.
func gemmPackB[T Float](dst []T, bn int, tb bool, n, k int, b []T, ldb int) {
	if !tb {
		for p := 0; p < k; p++ {
			row := dst[p*bn : p*bn+bn]
			copy(row, b[p*ldb:p*ldb+n])
			clear(row[n:])
		}
		return
	}
	// op(B)[p][j] = b[j*ldb+p]: the padding columns are cleared, then the
	// rest transposed.
	if n < bn {
		for p := 0; p < k; p++ {
			clear(dst[p*bn+n : p*bn+bn])
		}
	}
	gemmTransposeCopy(dst, bn, b, ldb, n, k)
}

// gemmTransposeCopy sets dst[p*ldd+j] = src[j*lds+p] for j < n, p < k:
// groups of w rows of src (8 float32, 4 float64) are transposed, two groups
// at a time by sgemmTransPack16 / dgemmTransPack8 (which write whole cache
// lines of dst; measured 1.6× faster on W7's 128×512) and the last odd one
// by sgemmTransPack8 / dgemmTransPack4 (for p below kb, a multiple of w),
// the rest one element at a time. Nothing of dst outside those elements is
// written.
func gemmTransposeCopy[T Float](dst []T, ldd int, src []T, lds int, n, k int) {
	w := 4
	if Is32[T]() {
		w = 8
	}
	jg, kb := 0, 0
	if useGemmAVX2 && k >= w {
		jg, kb = n/w*w, k/w*w
		j0 := 0
		for ; j0+2*w <= jg; j0 += 2 * w {
			if Is32[T]() {
				sgemmTransPack16(As32(dst[j0:]), ldd, As32(src[j0*lds:]), lds, kb)
			} else {
				dgemmTransPack8(As64(dst[j0:]), ldd, As64(src[j0*lds:]), lds, kb)
			}
		}
		for ; j0 < jg; j0 += w {
			if Is32[T]() {
				sgemmTransPack8(As32(dst[j0:]), ldd, As32(src[j0*lds:]), lds, kb)
			} else {
				dgemmTransPack4(As64(dst[j0:]), ldd, As64(src[j0*lds:]), lds, kb)
			}
		}
	}
	for j := 0; j < n; j++ {
		p0 := 0
		if j < jg {
			p0 = kb
		}
		if p0 == k {
			continue
		}
		d := dst[p0*ldd+j:]
		for p, v := range src[j*lds+p0 : j*lds+k] {
			d[p*ldd] = v
		}
	}
}

// sgemmKern6x16Go is the pure-Go sgemmKern6x16: for i < 6, j < 16,
//
//	acc = Σ_{p<k} a[i*ars+p*acs]·b[p*ldb+j]
//	c[i*ldc+j] = alpha·acc + beta·c[i*ldc+j] if load != 0, else alpha·acc.
func sgemmKern6x16Go(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int) {
	gemmKernGo(sgemmNR, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

// dgemmKern6x8Go is the pure-Go dgemmKern6x8 (see sgemmKern6x16Go).
func dgemmKern6x8Go(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int) {
	gemmKernGo(dgemmNR, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

// gemmKernGo is the pure-Go micro-kernel for a 6×nr tile (nr ≤ sgemmNR).
func gemmKernGo[T Float](nr, k int, a []T, ars, acs int, b []T, ldb int, c []T, ldc int, alpha, beta T, load int) {
	gemmKernGoN(gemmMR, nr, k, a, ars, acs, b, ldb, c, ldc, alpha, beta, load)
}

// gemmKernGoN is the pure-Go micro-kernel for an mr×nr tile (mr ≤
// gemmMaxMR, nr ≤ gemmMaxNR).
func gemmKernGoN[T Float](mr, nr, k int, a []T, ars, acs int, b []T, ldb int, c []T, ldc int, alpha, beta T, load int) {
	var acc [gemmMaxMR][gemmMaxNR]T
	for p := 0; p < k; p++ {
		brow := b[p*ldb : p*ldb+nr]
		for i := range acc[:mr] {
			av := a[i*ars+p*acs]
			for j, bv := range brow {
				acc[i][j] += av * bv
			}
		}
	}
	for i := range acc[:mr] {
		crow := c[i*ldc : i*ldc+nr]
		for j := range crow {
			if load != 0 {
				crow[j] = alpha*acc[i][j] + beta*crow[j]
			} else {
				crow[j] = alpha * acc[i][j]
			}
		}
	}
}
