//go:build !amd64

package kernels

// Without the assembly of actgrad_amd64.s, the activation-gradient kernels
// fall back to their pure-Go references. useAVX2 is false here, so the entry
// points in actgrad.go never reach them; they exist so that actgrad.go and
// actgrad_simd_test.go compile everywhere.

// sigmoidGrad32AVX2 falls back to sigmoidGrad32Go.
func sigmoidGrad32AVX2(d, y, dy []float32) { sigmoidGrad32Go(d, y, dy) }

// sigmoidGrad64AVX2 falls back to sigmoidGrad64Go.
func sigmoidGrad64AVX2(d, y, dy []float64) { sigmoidGrad64Go(d, y, dy) }

// tanhGrad32AVX2 falls back to tanhGrad32Go.
func tanhGrad32AVX2(d, y, dy []float32) { tanhGrad32Go(d, y, dy) }

// tanhGrad64AVX2 falls back to tanhGrad64Go.
func tanhGrad64AVX2(d, y, dy []float64) { tanhGrad64Go(d, y, dy) }
