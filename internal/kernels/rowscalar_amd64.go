package kernels

//go:generate go run -C asm ./rowscalar -out ../rowscalar_amd64.s

// Declarations of the row-and-scalar AVX2 kernels in rowscalar_amd64.s,
// which asm/rowscalar generates with avo: each works on len(d) elements of
// a, with s[0] as the scalar, and must only be called when useAVX2 is set
// with a resliced to len(d) (RowScalar32 and RowScalar64 do both).

// addScalar32AVX2 is RowScalar32's AddScalar.
//
//go:noescape
func addScalar32AVX2(d, a, s []float32)

// subScalar32AVX2 is RowScalar32's SubScalar.
//
//go:noescape
func subScalar32AVX2(d, a, s []float32)

// mulScalar32AVX2 is RowScalar32's MulScalar.
//
//go:noescape
func mulScalar32AVX2(d, a, s []float32)

// scalarSub32AVX2 is RowScalar32's ScalarSub.
//
//go:noescape
func scalarSub32AVX2(d, a, s []float32)

// addScalar64AVX2 is RowScalar64's AddScalar.
//
//go:noescape
func addScalar64AVX2(d, a, s []float64)

// subScalar64AVX2 is RowScalar64's SubScalar.
//
//go:noescape
func subScalar64AVX2(d, a, s []float64)

// mulScalar64AVX2 is RowScalar64's MulScalar.
//
//go:noescape
func mulScalar64AVX2(d, a, s []float64)

// scalarSub64AVX2 is RowScalar64's ScalarSub.
//
//go:noescape
func scalarSub64AVX2(d, a, s []float64)
