//go:build !amd64

package kernels

// exp32AVX2 and sigmoid32AVX2 fall back to the pure-Go references without
// the assembly of exp32_amd64.s. useAVX2 is false here, so Exp32 and
// Sigmoid32 never reach them; they exist so that exp32.go and its tests
// compile everywhere.

func exp32AVX2(d, x []float32) { exp32Go(d, x) }

func sigmoid32AVX2(d, x []float32) { sigmoid32Go(d, x) }
