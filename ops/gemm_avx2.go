package ops

// Serial GEMM with AVX2 + FMA3 micro-kernels.
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
// Design. C is cut into tiles of MR×NR (6×16 for float32, 6×8 for float64),
// each computed by one call of the micro-kernel (gemm_avx2_amd64.s): 12 YMM
// accumulators, one FMA chain per element over the whole of k in ascending
// order, then C = fma(beta, C, alpha·acc) (or alpha·acc when beta == 0). The
// kernel reads A in place with arbitrary row and column strides, so neither
// A nor Aᵀ is packed; it reads NR contiguous elements of each row of op(B),
// so B is used in place when it is not transposed and packed (transposed
// into a k×n' buffer, n' = n rounded up to NR, zero-padded) when it is.
//
// Edges: when m ≥ MR the last row panel starts at m−MR (it overlaps the
// previous one) and when op(B) has ≥ NR columns the last column panel starts
// at n−NR; such a panel is computed into a small MR×NR tile on the stack
// (holding a copy of C's valid part when beta ≠ 0) and only the elements
// not yet written are copied out. When m < MR, op(A) is packed into a
// zero-padded MR×k panel; when n < NR (and B is not transposed) op(B) is
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
// useGemmAVX2 selects the assembly kernels; without them (other
// architectures, CPUs without AVX2 or FMA3) the same driver runs the pure-Go
// kernels sgemmKern6x16Go / dgemmKern6x8Go, which are much slower but give
// the same results up to rounding.

import (
	"sync"

	"golang.org/x/sys/cpu"
)

// useGemmAVX2 reports whether the GEMM drivers call the AVX2+FMA3 assembly
// micro-kernels. Tests clear it to exercise the pure-Go kernels.
var useGemmAVX2 = useAVX2 && cpu.X86.HasFMA

const (
	gemmMR  = 6  // rows of a micro-tile
	sgemmNR = 16 // columns of a float32 micro-tile (2 YMM)
	dgemmNR = 8  // columns of a float64 micro-tile (2 YMM)
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

// gemmBufs32 holds one call's float32 packing buffers.
type gemmBufs32 struct{ a, b []float32 }

// gemmBufs64 holds one call's float64 packing buffers.
type gemmBufs64 struct{ a, b []float64 }

var (
	gemmBufMu     sync.Mutex
	gemmBufFree32 []*gemmBufs32
	gemmBufFree64 []*gemmBufs64
)

func getGemmBufs32() *gemmBufs32 {
	gemmBufMu.Lock()
	defer gemmBufMu.Unlock()
	if n := len(gemmBufFree32); n > 0 {
		p := gemmBufFree32[n-1]
		gemmBufFree32[n-1] = nil
		gemmBufFree32 = gemmBufFree32[:n-1]
		return p
	}
	return new(gemmBufs32)
}

func putGemmBufs32(p *gemmBufs32) {
	gemmBufMu.Lock()
	gemmBufFree32 = append(gemmBufFree32, p)
	gemmBufMu.Unlock()
}

func getGemmBufs64() *gemmBufs64 {
	gemmBufMu.Lock()
	defer gemmBufMu.Unlock()
	if n := len(gemmBufFree64); n > 0 {
		p := gemmBufFree64[n-1]
		gemmBufFree64[n-1] = nil
		gemmBufFree64 = gemmBufFree64[:n-1]
		return p
	}
	return new(gemmBufs64)
}

func putGemmBufs64(p *gemmBufs64) {
	gemmBufMu.Lock()
	gemmBufFree64 = append(gemmBufFree64, p)
	gemmBufMu.Unlock()
}

// grow32 returns buf resliced to n elements, reallocated if too small.
func grow32(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

// grow64 returns buf resliced to n elements, reallocated if too small.
func grow64(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// ---- float32 ----

// sgemmAVX2Serial computes c = alpha·op(a)·op(b) + beta·c (float32) on the
// calling goroutine; see the top of this file.
func sgemmAVX2Serial(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmCheck(ta, tb, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		sgemmScaleC(m, n, beta, c, ldc)
		return
	}
	const mr, nr = gemmMR, sgemmNR
	var bufs *gemmBufs32

	// The A view: op(A)[i][p] = av[i*ars + p*acs], am ≥ mr rows.
	av, ars, acs, am := a, lda, 1, m
	if ta {
		ars, acs = 1, lda
	}
	if m < mr {
		bufs = getGemmBufs32()
		bufs.a = grow32(bufs.a, mr*k)
		sgemmPackA(bufs.a, ta, m, k, a, lda)
		av, ars, acs, am = bufs.a, 1, mr, mr
	}
	// The B view: op(B)[p][j] = bv[p*bld + j], bn ≥ nr columns.
	bv, bld, bn := b, ldb, n
	if tb || n < nr {
		if bufs == nil {
			bufs = getGemmBufs32()
		}
		bn = (n + nr - 1) / nr * nr
		bufs.b = grow32(bufs.b, k*bn)
		sgemmPackB(bufs.b, bn, tb, n, k, b, ldb)
		bv, bld = bufs.b, bn
	}

	load := 0
	if beta != 0 {
		load = 1
	}
	useAsm := useGemmAVX2
	var t [mr * nr]float32 // edge tile
	for j0 := 0; j0 < n; j0 += nr {
		jb := min(j0, bn-nr) // first column of the panel in the B view
		for i0 := 0; i0 < m; i0 += mr {
			ib := min(i0, am-mr) // first row of the panel in the A view
			ap := av[ib*ars:]
			bp := bv[jb:]
			if ib == i0 && jb == j0 && i0+mr <= m && j0+nr <= n {
				cp := c[i0*ldc+j0:]
				if useAsm {
					sgemmKern6x16(k, ap, ars, acs, bp, bld, cp, ldc, alpha, beta, load)
				} else {
					sgemmKern6x16Go(k, ap, ars, acs, bp, bld, cp, ldc, alpha, beta, load)
				}
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
			if useAsm {
				sgemmKern6x16(k, ap, ars, acs, bp, bld, t[:], nr, alpha, beta, load)
			} else {
				sgemmKern6x16Go(k, ap, ars, acs, bp, bld, t[:], nr, alpha, beta, load)
			}
			for i := i0; i < i1; i++ {
				copy(c[i*ldc+j0:i*ldc+j1], t[(i-ib)*nr+j0-jb:(i-ib)*nr+j1-jb])
			}
		}
	}
	if bufs != nil {
		putGemmBufs32(bufs)
	}
}

// sgemmScaleC sets c = beta·c for the m×n matrix c (beta == 0: zero, c not
// read; beta == 1: untouched).
func sgemmScaleC(m, n int, beta float32, c []float32, ldc int) {
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

// sgemmPackA writes op(A) (m×k, m < gemmMR) to dst as a k×gemmMR panel,
// dst[p*gemmMR+i] = op(A)[i][p], rows m.. zero.
func sgemmPackA(dst []float32, ta bool, m, k int, a []float32, lda int) {
	clear(dst)
	for i := 0; i < m; i++ {
		for p := 0; p < k; p++ {
			if ta {
				dst[p*gemmMR+i] = a[p*lda+i]
			} else {
				dst[p*gemmMR+i] = a[i*lda+p]
			}
		}
	}
}

// sgemmPackB writes op(B) (k×n) to dst as a k×bn matrix (bn ≥ n, a multiple
// of sgemmNR), dst[p*bn+j] = op(B)[p][j], columns n.. zero.
func sgemmPackB(dst []float32, bn int, tb bool, n, k int, b []float32, ldb int) {
	if !tb {
		for p := 0; p < k; p++ {
			row := dst[p*bn : p*bn+bn]
			copy(row, b[p*ldb:p*ldb+n])
			clear(row[n:])
		}
		return
	}
	// op(B)[p][j] = b[j*ldb+p]: the padding columns are cleared, then
	// groups of 8 rows of b are transposed by sgemmTransPack8 (for p below kb, a
	// multiple of 8), the rest one element at a time.
	if n < bn {
		for p := 0; p < k; p++ {
			clear(dst[p*bn+n : p*bn+bn])
		}
	}
	jg, kb := 0, 0
	if useGemmAVX2 && k >= 8 {
		jg, kb = n/8*8, k/8*8
		for j0 := 0; j0 < jg; j0 += 8 {
			sgemmTransPack8(dst[j0:], bn, b[j0*ldb:], ldb, kb)
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
		d := dst[p0*bn+j:]
		for p, v := range b[j*ldb+p0 : j*ldb+k] {
			d[p*bn] = v
		}
	}
}

// sgemmKern6x16Go is the pure-Go sgemmKern6x16: for i < 6, j < 16,
//
//	acc = Σ_{p<k} a[i*ars+p*acs]·b[p*ldb+j]
//	c[i*ldc+j] = alpha·acc + beta·c[i*ldc+j] if load != 0, else alpha·acc.
func sgemmKern6x16Go(k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, load int) {
	var acc [gemmMR][sgemmNR]float32
	for p := 0; p < k; p++ {
		brow := b[p*ldb : p*ldb+sgemmNR]
		for i := range acc {
			av := a[i*ars+p*acs]
			for j, bv := range brow {
				acc[i][j] += av * bv
			}
		}
	}
	for i := range acc {
		crow := c[i*ldc : i*ldc+sgemmNR]
		for j := range crow {
			if load != 0 {
				crow[j] = alpha*acc[i][j] + beta*crow[j]
			} else {
				crow[j] = alpha * acc[i][j]
			}
		}
	}
}

// ---- float64 ----

// dgemmAVX2Serial is sgemmAVX2Serial for float64.
func dgemmAVX2Serial(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gemmCheck(ta, tb, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		dgemmScaleC(m, n, beta, c, ldc)
		return
	}
	const mr, nr = gemmMR, dgemmNR
	var bufs *gemmBufs64

	av, ars, acs, am := a, lda, 1, m
	if ta {
		ars, acs = 1, lda
	}
	if m < mr {
		bufs = getGemmBufs64()
		bufs.a = grow64(bufs.a, mr*k)
		dgemmPackA(bufs.a, ta, m, k, a, lda)
		av, ars, acs, am = bufs.a, 1, mr, mr
	}
	bv, bld, bn := b, ldb, n
	if tb || n < nr {
		if bufs == nil {
			bufs = getGemmBufs64()
		}
		bn = (n + nr - 1) / nr * nr
		bufs.b = grow64(bufs.b, k*bn)
		dgemmPackB(bufs.b, bn, tb, n, k, b, ldb)
		bv, bld = bufs.b, bn
	}

	load := 0
	if beta != 0 {
		load = 1
	}
	useAsm := useGemmAVX2
	var t [mr * nr]float64
	for j0 := 0; j0 < n; j0 += nr {
		jb := min(j0, bn-nr)
		for i0 := 0; i0 < m; i0 += mr {
			ib := min(i0, am-mr)
			ap := av[ib*ars:]
			bp := bv[jb:]
			if ib == i0 && jb == j0 && i0+mr <= m && j0+nr <= n {
				cp := c[i0*ldc+j0:]
				if useAsm {
					dgemmKern6x8(k, ap, ars, acs, bp, bld, cp, ldc, alpha, beta, load)
				} else {
					dgemmKern6x8Go(k, ap, ars, acs, bp, bld, cp, ldc, alpha, beta, load)
				}
				continue
			}
			i1, j1 := min(i0+mr, m), min(j0+nr, n)
			if load != 0 {
				for i := i0; i < i1; i++ {
					copy(t[(i-ib)*nr+j0-jb:(i-ib)*nr+j1-jb], c[i*ldc+j0:i*ldc+j1])
				}
			}
			if useAsm {
				dgemmKern6x8(k, ap, ars, acs, bp, bld, t[:], nr, alpha, beta, load)
			} else {
				dgemmKern6x8Go(k, ap, ars, acs, bp, bld, t[:], nr, alpha, beta, load)
			}
			for i := i0; i < i1; i++ {
				copy(c[i*ldc+j0:i*ldc+j1], t[(i-ib)*nr+j0-jb:(i-ib)*nr+j1-jb])
			}
		}
	}
	if bufs != nil {
		putGemmBufs64(bufs)
	}
}

// dgemmScaleC is sgemmScaleC for float64.
func dgemmScaleC(m, n int, beta float64, c []float64, ldc int) {
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

// dgemmPackA is sgemmPackA for float64.
func dgemmPackA(dst []float64, ta bool, m, k int, a []float64, lda int) {
	clear(dst)
	for i := 0; i < m; i++ {
		for p := 0; p < k; p++ {
			if ta {
				dst[p*gemmMR+i] = a[p*lda+i]
			} else {
				dst[p*gemmMR+i] = a[i*lda+p]
			}
		}
	}
}

// dgemmPackB is sgemmPackB for float64 (bn a multiple of dgemmNR).
func dgemmPackB(dst []float64, bn int, tb bool, n, k int, b []float64, ldb int) {
	if !tb {
		for p := 0; p < k; p++ {
			row := dst[p*bn : p*bn+bn]
			copy(row, b[p*ldb:p*ldb+n])
			clear(row[n:])
		}
		return
	}
	// op(B)[p][j] = b[j*ldb+p]: the padding columns are cleared, then
	// groups of 4 rows of b are transposed by dgemmTransPack4 (for p below kb, a
	// multiple of 4), the rest one element at a time.
	if n < bn {
		for p := 0; p < k; p++ {
			clear(dst[p*bn+n : p*bn+bn])
		}
	}
	jg, kb := 0, 0
	if useGemmAVX2 && k >= 4 {
		jg, kb = n/4*4, k/4*4
		for j0 := 0; j0 < jg; j0 += 4 {
			dgemmTransPack4(dst[j0:], bn, b[j0*ldb:], ldb, kb)
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
		d := dst[p0*bn+j:]
		for p, v := range b[j*ldb+p0 : j*ldb+k] {
			d[p*bn] = v
		}
	}
}

// dgemmKern6x8Go is the pure-Go dgemmKern6x8 (see sgemmKern6x16Go).
func dgemmKern6x8Go(k int, a []float64, ars, acs int, b []float64, ldb int, c []float64, ldc int, alpha, beta float64, load int) {
	var acc [gemmMR][dgemmNR]float64
	for p := 0; p < k; p++ {
		brow := b[p*ldb : p*ldb+dgemmNR]
		for i := range acc {
			av := a[i*ars+p*acs]
			for j, bv := range brow {
				acc[i][j] += av * bv
			}
		}
	}
	for i := range acc {
		crow := c[i*ldc : i*ldc+dgemmNR]
		for j := range crow {
			if load != 0 {
				crow[j] = alpha*acc[i][j] + beta*crow[j]
			} else {
				crow[j] = alpha * acc[i][j]
			}
		}
	}
}
