//go:build !amd64

package kernels

// Without the assembly kernels of simd_amd64.s, the names the entry points in
// simd.go refer to are plain fallbacks to the pure-Go references. useAVX2 is
// false here (haveSIMDAsm is a constant false), so the entry points never
// reach them; they exist so that simd.go and simd_test.go compile everywhere.

// haveSIMDAsm reports that this architecture has no assembly kernels.
const haveSIMDAsm = false

// relu32AVX2 falls back to relu32Go.
func relu32AVX2(d, x []float32) { relu32Go(d, x) }

// reluGrad32AVX2 falls back to reluGrad32Go.
func reluGrad32AVX2(d, x, dy []float32) { reluGrad32Go(d, x, dy) }

// add32AVX2 falls back to add32Go.
func add32AVX2(d, a, b []float32) { add32Go(d, a, b) }

// sub32AVX2 falls back to sub32Go.
func sub32AVX2(d, a, b []float32) { sub32Go(d, a, b) }

// mul32AVX2 falls back to mul32Go.
func mul32AVX2(d, a, b []float32) { mul32Go(d, a, b) }

// addReLU32AVX2 falls back to addReLU32Go.
func addReLU32AVX2(d, a, b []float32) { addReLU32Go(d, a, b) }

// accum32AVX2 falls back to accum32Go.
func accum32AVX2(d, x []float32) { accum32Go(d, x) }

// relu64AVX2 falls back to relu64Go.
func relu64AVX2(d, x []float64) { relu64Go(d, x) }

// reluGrad64AVX2 falls back to reluGrad64Go.
func reluGrad64AVX2(d, x, dy []float64) { reluGrad64Go(d, x, dy) }

// add64AVX2 falls back to add64Go.
func add64AVX2(d, a, b []float64) { add64Go(d, a, b) }

// sub64AVX2 falls back to sub64Go.
func sub64AVX2(d, a, b []float64) { sub64Go(d, a, b) }

// mul64AVX2 falls back to mul64Go.
func mul64AVX2(d, a, b []float64) { mul64Go(d, a, b) }

// addReLU64AVX2 falls back to addReLU64Go.
func addReLU64AVX2(d, a, b []float64) { addReLU64Go(d, a, b) }

// accum64AVX2 falls back to accum64Go.
func accum64AVX2(d, x []float64) { accum64Go(d, x) }
