package kernels

// One-row products (a batch-1 layer): c[0:n] = alpha·x·B + beta·c, B k×n
// row-major and read in place.
//
// The 6×16 GEMM micro-kernel computes six rows of C per pass; for one row
// five of them are padding, so it does six times the work (W8a: ~2.9 MFLOP
// for 0.48 needed). gemvSerial instead keeps up to 12 vectors of the row in
// YMM accumulators and streams the rows of B through them: per p, a[p] is
// broadcast and multiplied into each vector of row p of B (a memory operand
// of the FMA), so B is read once, in place, and never packed.
//
// The row is cut into vectors of gemvLanes (8 float32, 4 float64); when n is
// not a multiple, one more vector ends at column n−1, overlapping its left
// neighbour. The vectors are shared out among ⌈V/12⌉ panels as evenly as
// possible (W8a's 256 columns: 11, 11, 10 vectors; 128: 8, 8), the larger
// first; each panel is one kernel call, one pass over k. The overlapping
// vector is never alone in its panel (a panel has ≥ 2 vectors whenever
// there are ≥ 2), and a kernel reads every element of C it updates before it
// stores any, so both vectors read the same C and write the same bits.
//
// Every element is one FMA chain over p ascending from zero, then
// alpha·acc and fma(beta, c, ·): the chain of the GEMM micro-kernel (and
// gemvKernGo's expressions are gemmKernGo's), so a row computed here has the
// bits it has in a product of many rows, and the results do not depend on
// how the product was cut into tiles.

// gemvMaxVecs is the most vectors a kernel keeps in registers.
const gemvMaxVecs = 12

// gemvLanes returns the elements of T in a YMM register.
func gemvLanes[T Float]() int {
	if Is32[T]() {
		return 8
	}
	return 4
}

// gemvSerial computes c[0:n] = alpha·op(A)·B + beta·c for the one row of
// op(A) whose element p is a[p*acs], B (k×n, row stride ldb) not
// transposed, on the calling goroutine. It needs n ≥ gemvLanes, k ≥ 1 and
// alpha ≠ 0 (the caller has checked the sizes and slices with gemmCheck);
// beta == 0 means c is not read.
func gemvSerial[T Float](useAsm bool, n, k int, alpha T, a []T, acs int, b []T, ldb int, beta T, c []T) {
	lanes := gemvLanes[T]()
	vecs := (n + lanes - 1) / lanes
	panels := (vecs + gemvMaxVecs - 1) / gemvMaxVecs
	load := 0
	if beta != 0 {
		load = 1
	}
	v0 := 0
	for i := 0; i < panels; i++ {
		nv := vecs / panels
		if i < vecs%panels {
			nv++
		}
		j0 := v0 * lanes
		last := (nv - 1) * lanes
		if v0+nv == vecs {
			last = n - lanes - j0 // the last vector ends at column n−1
		}
		gemvKern(useAsm, nv, k, a, acs, b[j0:], ldb, c[j0:], last, alpha, beta, load)
		v0 += nv
	}
}

// gemvKern calls T's kernel for nv vectors, the assembly one when useAsm.
func gemvKern[T Float](useAsm bool, nv, k int, a []T, acs int, b []T, ldb int, c []T, last int, alpha, beta T, load int) {
	if !useAsm {
		gemvKernGo(nv, k, a, acs, b, ldb, c, last, alpha, beta, load)
		return
	}
	gemvKernAsm(nv, k, a, acs, b, ldb, c, last, alpha, beta, load)
}

// gemvKernGo is the pure-Go kernel (the semantics of sgemvKern1 … and
// dgemvKern1 …): nv vectors of gemvLanes columns, vector v at column
// v·lanes for v < nv−1 and the last at column last; for each column j of
// them acc = Σ_{p<k} a[p*acs]·b[p*ldb+j] and c[j] = alpha·acc + beta·c[j]
// (load != 0) or alpha·acc, every c[j] read before any is written.
func gemvKernGo[T Float](nv, k int, a []T, acs int, b []T, ldb int, c []T, last int, alpha, beta T, load int) {
	lanes := gemvLanes[T]()
	var acc, out [gemvMaxVecs][8]T
	col := func(v int) int {
		if v == nv-1 {
			return last
		}
		return v * lanes
	}
	for p := 0; p < k; p++ {
		av := a[p*acs]
		for v := 0; v < nv; v++ {
			brow := b[p*ldb+col(v):][:lanes]
			for j, bv := range brow {
				acc[v][j] += av * bv
			}
		}
	}
	for v := 0; v < nv; v++ {
		crow := c[col(v):][:lanes]
		for j := range crow {
			if load != 0 {
				out[v][j] = alpha*acc[v][j] + beta*crow[j]
			} else {
				out[v][j] = alpha * acc[v][j]
			}
		}
	}
	for v := 0; v < nv; v++ {
		copy(c[col(v):][:lanes], out[v][:lanes])
	}
}
