package kernels

// MaxPool2Rows32 is the float32 2×2 max pooling with stride 2 of rows
// output rows of wo elements from x, whose rows are 2·wo elements long,
// two input rows per output row (planes whose sides are exactly twice the
// output's, one after another, are such rows): y[r·wo + j] is the maximum
// of x's elements (2r, 2j), (2r, 2j+1), (2r+1, 2j), (2r+1, 2j+1), with Go's
// max (+0 beats −0). It returns how many rows, from the first, it wrote:
// all of them, or fewer when a row holds a NaN (the caller then computes
// that row and calls again for the rest), or 0 where there is no AVX2 or wo
// is not a multiple of 4.
func MaxPool2Rows32(y, x []float32, rows, wo int) int {
	if !useAVX2 || rows <= 0 || wo <= 0 || wo%4 != 0 {
		return 0
	}
	// The bounds, checked once here for the assembly's unchecked moves.
	_, _ = y[rows*wo-1], x[rows*4*wo-1]
	return maxPool2F32AVX2(y, x, rows, wo/4, 2*wo)
}

// MaxPoolScatter2Rows32 is MaxPool2Rows32's gradient: it sets, in each
// window, dx to 0 + dy[r·wo + j] (−0 turns +0) at the first maximum of x
// (row-major: ties keep the earlier) and to 0 at the other three. It
// returns the rows done, as MaxPool2Rows32 does.
func MaxPoolScatter2Rows32(dx, x, dy []float32, rows, wo int) int {
	if !useAVX2 || rows <= 0 || wo <= 0 || wo%4 != 0 {
		return 0
	}
	_, _, _ = dx[rows*4*wo-1], x[rows*4*wo-1], dy[rows*wo-1]
	return maxPoolScatter2F32AVX2(dx, x, dy, rows, wo/4, 2*wo)
}
