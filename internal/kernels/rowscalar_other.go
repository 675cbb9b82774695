//go:build !amd64

package kernels

// Where there is no assembly the row-and-scalar kernels fall back to the
// Go loops (RowScalar32 and RowScalar64 do not call them there: useAVX2 is
// false).

func addScalar32AVX2(d, a, s []float32) { rowScalar32Go(AddScalar, d, a, s[0]) }

func subScalar32AVX2(d, a, s []float32) { rowScalar32Go(SubScalar, d, a, s[0]) }

func mulScalar32AVX2(d, a, s []float32) { rowScalar32Go(MulScalar, d, a, s[0]) }

func scalarSub32AVX2(d, a, s []float32) { rowScalar32Go(ScalarSub, d, a, s[0]) }

func addScalar64AVX2(d, a, s []float64) { rowScalar64Go(AddScalar, d, a, s[0]) }

func subScalar64AVX2(d, a, s []float64) { rowScalar64Go(SubScalar, d, a, s[0]) }

func mulScalar64AVX2(d, a, s []float64) { rowScalar64Go(MulScalar, d, a, s[0]) }

func scalarSub64AVX2(d, a, s []float64) { rowScalar64Go(ScalarSub, d, a, s[0]) }
