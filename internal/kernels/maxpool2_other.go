//go:build !amd64

package kernels

// Where there is no assembly the pooling kernels are never called (useAVX2
// is false there); these stand-ins do no row, which their callers handle.

func maxPool2F32AVX2(y, x []float32, rows, groups, w int) int             { return 0 }
func maxPoolScatter2F32AVX2(dx, x, dy []float32, rows, groups, w int) int { return 0 }
