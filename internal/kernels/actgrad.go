package kernels

// Sigmoid and tanh gradient kernels, in the manner of simd.go: each entry
// point checks that y and dy have at least len(d) elements (else it panics
// before touching anything), then runs the AVX2 kernel (actgrad_amd64.s)
// when useAVX2 is set, else the pure-Go reference (suffix Go). d may be the
// same slice as y or dy (in place).
//
//	SigmoidGrad32(d, y, dy)  d[i] = dy[i] * (y[i] * (1 - y[i]))
//	TanhGrad32(d, y, dy)     d[i] = dy[i] * (1 - y[i]*y[i])
//
// and the same for float64. The two give bit-identical results for every
// input, NaNs (payloads included), infinities, signed zeros and denormals
// (actgrad_simd_test.go): the assembly performs the same IEEE operations in
// the same order (with the operand order that the Go compiler gives, which
// decides the payload when two NaNs meet), never FMA, and the Go
// references round every product with an explicit conversion, which the Go
// spec forbids fusing into a multiply-add, so they give these bits on every
// architecture and GOAMD64 level.

// SigmoidGrad32 sets d[i] = dy[i] * (y[i] * (1 - y[i])).
func SigmoidGrad32(d, y, dy []float32) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		sigmoidGrad32AVX2(d, y, dy)
		return
	}
	sigmoidGrad32Go(d, y, dy)
}

// SigmoidGrad64 sets d[i] = dy[i] * (y[i] * (1 - y[i])).
func SigmoidGrad64(d, y, dy []float64) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		sigmoidGrad64AVX2(d, y, dy)
		return
	}
	sigmoidGrad64Go(d, y, dy)
}

// TanhGrad32 sets d[i] = dy[i] * (1 - y[i]*y[i]).
func TanhGrad32(d, y, dy []float32) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		tanhGrad32AVX2(d, y, dy)
		return
	}
	tanhGrad32Go(d, y, dy)
}

// TanhGrad64 sets d[i] = dy[i] * (1 - y[i]*y[i]).
func TanhGrad64(d, y, dy []float64) {
	if len(y) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	y, dy = y[:len(d)], dy[:len(d)]
	if useAVX2 {
		tanhGrad64AVX2(d, y, dy)
		return
	}
	tanhGrad64Go(d, y, dy)
}

// sigmoidGrad32Go is the pure-Go SigmoidGrad32, the reference for
// sigmoidGrad32AVX2.
func sigmoidGrad32Go(d, y, dy []float32) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * float32(v*(1-v))
	}
}

// sigmoidGrad64Go is the pure-Go SigmoidGrad64, the reference for
// sigmoidGrad64AVX2.
func sigmoidGrad64Go(d, y, dy []float64) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * float64(v*(1-v))
	}
}

// tanhGrad32Go is the pure-Go TanhGrad32, the reference for tanhGrad32AVX2:
// v*v is rounded before the subtraction, so it is never fused.
func tanhGrad32Go(d, y, dy []float32) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * (1 - float32(v*v))
	}
}

// tanhGrad64Go is the pure-Go TanhGrad64, the reference for tanhGrad64AVX2:
// v*v is rounded before the subtraction, so it is never fused.
func tanhGrad64Go(d, y, dy []float64) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * (1 - float64(v*v))
	}
}
