package kernels

//go:generate go run -C asm ./maxpool2 -out ../maxpool2_amd64.s

// The AVX2 pooling kernels in maxpool2_amd64.s, which asm/maxpool2
// generates with avo: rows output rows of groups groups of four windows,
// input rows w elements long. Each returns the rows done before the first
// that holds a NaN. Only the base pointers are used: the callers have
// checked the bounds.

// maxPool2F32AVX2 is MaxPool2Rows32's kernel.
//
//go:noescape
func maxPool2F32AVX2(y, x []float32, rows, groups, w int) int

// maxPoolScatter2F32AVX2 is MaxPoolScatter2Rows32's kernel.
//
//go:noescape
func maxPoolScatter2F32AVX2(dx, x, dy []float32, rows, groups, w int) int
