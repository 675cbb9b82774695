package kernels

// Serial returns the calling-goroutine form of the Gemm g, or nil for a
// Gemm set by the caller whose threading is unknown (the parts then run one
// after another on the caller, each product through g).
func Serial(g Gemm) Gemm {
	switch g := g.(type) {
	case GoBLAS:
		if useGemmAVX2 {
			return avx2Serial{}
		}
		return gonumTiles{}
	case GonumBLAS:
		return gonumTiles{}
	case interface{ serial() Gemm }: // OpenBLAS, where it can be loaded
		return g.serial()
	}
	return nil
}

// gonumTiles is gonum's Gemm on the calling goroutine: products of four or
// more 64×64 blocks, which gonum would spread over goroutines of its own
// (allocating), are computed tile by tile.
type gonumTiles struct{}

func (gonumTiles) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	for r0 := 0; r0 < m; r0 += tileRows {
		for c0 := 0; c0 < n; c0 += tileCols {
			ao, bo := tileOffsets(ta, tb, r0, c0, lda, ldb)
			gonumImpl.Dgemm(trans(ta), trans(tb), min(tileRows, m-r0), min(tileCols, n-c0), k, alpha, a[ao:], lda, b[bo:], ldb, beta, c[r0*ldc+c0:], ldc)
		}
	}
}

func (gonumTiles) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for r0 := 0; r0 < m; r0 += tileRows {
		for c0 := 0; c0 < n; c0 += tileCols {
			ao, bo := tileOffsets(ta, tb, r0, c0, lda, ldb)
			gonumImpl.Sgemm(trans(ta), trans(tb), min(tileRows, m-r0), min(tileCols, n-c0), k, alpha, a[ao:], lda, b[bo:], ldb, beta, c[r0*ldc+c0:], ldc)
		}
	}
}

// tileOffsets returns where rows r0… of op(A) and columns c0… of op(B)
// start in a and b.
func tileOffsets(ta, tb bool, r0, c0, lda, ldb int) (ao, bo int) {
	ao, bo = r0*lda, c0
	if ta {
		ao = r0
	}
	if tb {
		bo = c0 * ldb
	}
	return ao, bo
}
