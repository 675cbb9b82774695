//go:build !amd64

package kernels

// tanh32AVX2 falls back to tanh32Go without the assembly of tanh_amd64.s.
// useAVX2 is false here, so Tanh32 never reaches it; it exists so that
// tanh.go and tanh_simd_test.go compile everywhere.
func tanh32AVX2(d, x []float32) { tanh32Go(d, x) }
