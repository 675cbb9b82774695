package kernels

// Elementwise SIMD kernels.
//
// This file holds the API of the vectorised elementwise
// kernels, their pure-Go reference implementations and the dispatch between
// the two. Each kernel exists for float32 (suffix 32) and float64 (suffix 64)
// and works on len(d) elements; every input must have at least len(d)
// elements (a shorter one panics before any element is read or written):
//
//	ReLU32(d, x)          d[i] = x[i] if x[i] > 0, else +0 (NaN, -0 and negatives give +0)
//	ReLUGrad32(d, x, dy)  d[i] = dy[i] if x[i] > 0, else +0
//	Add32(d, a, b)        d[i] = a[i] + b[i]
//	Sub32(d, a, b)        d[i] = a[i] - b[i]
//	Mul32(d, a, b)        d[i] = a[i] * b[i]
//	AddReLU32(d, a, b)    d[i] = relu(a[i] + b[i]), the sum rounded to the element type first
//	Accum32(d, x)         d[i] += x[i]
//
// d may be the same slice as any input (in place); partially overlapping
// slices are not supported.
//
// Dispatch: each entry point above checks the lengths and then calls the
// assembly kernel (name suffix AVX2, simd_amd64.s) when useAVX2 is set, else
// the pure-Go reference (name suffix Go, below). Both give bit-identical
// results for every input, NaN and signed zeros included: the assembly uses
// only plain IEEE add, subtract, multiply, max and compare on each lane (no
// FMA, no reassociation), which round exactly as Go's scalar arithmetic does;
// when both operands are NaN, x86 keeps the first one's payload, and both
// keep a (or d for accum) as the first operand.
// Reductions are deliberately absent, since a vector reduction changes the
// summation order and so the result.
//
// The Go references are used on other architectures and on CPUs without
// AVX2, and are called directly by the tests and benchmarks in simd_test.go.
// Where a data-dependent branch would be mispredicted (the sign of x in the
// ReLU kernels), they select with a bit mask instead of an if: on random
// signs the branchy loop is about 5x slower.

import (
	"math"
	"math/bits"

	"golang.org/x/sys/cpu"
)

// useAVX2 reports whether the entry points call the AVX2 assembly kernels.
// They only use AVX instructions on YMM registers (no FMA); requiring AVX2,
// which cpu.X86.HasAVX2 reports only together with OS support for the YMM
// state, keeps them to the CPUs they were written and measured for. Tests
// clear it to exercise the pure-Go path.
var useAVX2 = haveSIMDAsm && cpu.X86.HasAVX2

// panicSIMDLen reports an input shorter than the destination.
//
//go:noinline
func panicSIMDLen() {
	panic("kernels: elementwise kernel input shorter than destination")
}

// posMask32 returns all ones if v > 0 and zero otherwise (±0, negative, NaN),
// without a branch: v > 0 exactly when its bits lie in [1, bits(+Inf)], that
// is when bits-1 (wrapping 0 to 2³²-1) is below bits(+Inf). bits.Sub64 is a
// compiler intrinsic (SUB, SBB) where bits.Sub32 is not.
func posMask32(v float32) uint32 {
	_, borrow := bits.Sub64(uint64(math.Float32bits(v)-1), 0x7f800000, 0)
	return uint32(-borrow)
}

// posMask64 returns all ones if v > 0 and zero otherwise (±0, negative, NaN),
// without a branch: v > 0 exactly when its bits lie in [1, bits(+Inf)], that
// is when bits-1 (wrapping 0 to 2⁶⁴-1) is below bits(+Inf).
func posMask64(v float64) uint64 {
	_, borrow := bits.Sub64(math.Float64bits(v)-1, 0x7ff0000000000000, 0)
	return -borrow
}

// ---- float32 entry points ----

// ReLU32 sets d[i] = x[i] if x[i] > 0, else +0.
func ReLU32(d, x []float32) {
	if len(x) < len(d) {
		panicSIMDLen()
	}
	x = x[:len(d)]
	if useAVX2 {
		relu32AVX2(d, x)
		return
	}
	relu32Go(d, x)
}

// ReLUGrad32 sets d[i] = dy[i] if x[i] > 0, else +0.
func ReLUGrad32(d, x, dy []float32) {
	if len(x) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	x, dy = x[:len(d)], dy[:len(d)]
	if useAVX2 {
		reluGrad32AVX2(d, x, dy)
		return
	}
	reluGrad32Go(d, x, dy)
}

// Add32 sets d[i] = a[i] + b[i].
func Add32(d, a, b []float32) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		add32AVX2(d, a, b)
		return
	}
	add32Go(d, a, b)
}

// Sub32 sets d[i] = a[i] - b[i].
func Sub32(d, a, b []float32) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		sub32AVX2(d, a, b)
		return
	}
	sub32Go(d, a, b)
}

// Mul32 sets d[i] = a[i] * b[i].
func Mul32(d, a, b []float32) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		mul32AVX2(d, a, b)
		return
	}
	mul32Go(d, a, b)
}

// AddReLU32 sets d[i] = relu(a[i] + b[i]), the sum rounded to float32 first.
func AddReLU32(d, a, b []float32) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		addReLU32AVX2(d, a, b)
		return
	}
	addReLU32Go(d, a, b)
}

// Accum32 sets d[i] += x[i].
func Accum32(d, x []float32) {
	if len(x) < len(d) {
		panicSIMDLen()
	}
	x = x[:len(d)]
	if useAVX2 {
		accum32AVX2(d, x)
		return
	}
	accum32Go(d, x)
}

// ---- float64 entry points ----

// ReLU64 sets d[i] = x[i] if x[i] > 0, else +0.
func ReLU64(d, x []float64) {
	if len(x) < len(d) {
		panicSIMDLen()
	}
	x = x[:len(d)]
	if useAVX2 {
		relu64AVX2(d, x)
		return
	}
	relu64Go(d, x)
}

// ReLUGrad64 sets d[i] = dy[i] if x[i] > 0, else +0.
func ReLUGrad64(d, x, dy []float64) {
	if len(x) < len(d) || len(dy) < len(d) {
		panicSIMDLen()
	}
	x, dy = x[:len(d)], dy[:len(d)]
	if useAVX2 {
		reluGrad64AVX2(d, x, dy)
		return
	}
	reluGrad64Go(d, x, dy)
}

// Add64 sets d[i] = a[i] + b[i].
func Add64(d, a, b []float64) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		add64AVX2(d, a, b)
		return
	}
	add64Go(d, a, b)
}

// Sub64 sets d[i] = a[i] - b[i].
func Sub64(d, a, b []float64) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		sub64AVX2(d, a, b)
		return
	}
	sub64Go(d, a, b)
}

// Mul64 sets d[i] = a[i] * b[i].
func Mul64(d, a, b []float64) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		mul64AVX2(d, a, b)
		return
	}
	mul64Go(d, a, b)
}

// AddReLU64 sets d[i] = relu(a[i] + b[i]).
func AddReLU64(d, a, b []float64) {
	if len(a) < len(d) || len(b) < len(d) {
		panicSIMDLen()
	}
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 {
		addReLU64AVX2(d, a, b)
		return
	}
	addReLU64Go(d, a, b)
}

// Accum64 sets d[i] += x[i].
func Accum64(d, x []float64) {
	if len(x) < len(d) {
		panicSIMDLen()
	}
	x = x[:len(d)]
	if useAVX2 {
		accum64AVX2(d, x)
		return
	}
	accum64Go(d, x)
}

// ---- pure-Go references, float32 ----
//
// Each reslices its inputs to len(d) so that the compiler drops the bounds
// checks in the loop. They do not check lengths themselves beyond that
// (x[:len(d)] only needs the capacity); the entry points above do.

// relu32Go is the pure-Go ReLU32: d[i] = x[i] if x[i] > 0, else +0.
func relu32Go(d, x []float32) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = math.Float32frombits(math.Float32bits(v) & posMask32(v))
	}
}

// reluGrad32Go is the pure-Go ReLUGrad32: d[i] = dy[i] if x[i] > 0, else +0.
func reluGrad32Go(d, x, dy []float32) {
	x, dy = x[:len(d)], dy[:len(d)]
	for i, v := range x {
		d[i] = math.Float32frombits(math.Float32bits(dy[i]) & posMask32(v))
	}
}

// add32Go is the pure-Go Add32: d[i] = a[i] + b[i].
func add32Go(d, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		d[i] = a[i] + b[i]
	}
}

// sub32Go is the pure-Go Sub32: d[i] = a[i] - b[i].
func sub32Go(d, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		d[i] = a[i] - b[i]
	}
}

// mul32Go is the pure-Go Mul32: d[i] = a[i] * b[i].
func mul32Go(d, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		d[i] = a[i] * b[i]
	}
}

// addReLU32Go is the pure-Go AddReLU32: d[i] = relu(a[i] + b[i]).
func addReLU32Go(d, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		s := a[i] + b[i]
		d[i] = math.Float32frombits(math.Float32bits(s) & posMask32(s))
	}
}

// accum32Go is the pure-Go Accum32: d[i] += x[i].
func accum32Go(d, x []float32) {
	x = x[:len(d)]
	for i := range d {
		d[i] += x[i]
	}
}

// ---- pure-Go references, float64 ----

// relu64Go is the pure-Go ReLU64: d[i] = x[i] if x[i] > 0, else +0.
func relu64Go(d, x []float64) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = math.Float64frombits(math.Float64bits(v) & posMask64(v))
	}
}

// reluGrad64Go is the pure-Go ReLUGrad64: d[i] = dy[i] if x[i] > 0, else +0.
func reluGrad64Go(d, x, dy []float64) {
	x, dy = x[:len(d)], dy[:len(d)]
	for i, v := range x {
		d[i] = math.Float64frombits(math.Float64bits(dy[i]) & posMask64(v))
	}
}

// add64Go is the pure-Go Add64: d[i] = a[i] + b[i].
func add64Go(d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		d[i] = a[i] + b[i]
	}
}

// sub64Go is the pure-Go Sub64: d[i] = a[i] - b[i].
func sub64Go(d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		d[i] = a[i] - b[i]
	}
}

// mul64Go is the pure-Go Mul64: d[i] = a[i] * b[i].
func mul64Go(d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		d[i] = a[i] * b[i]
	}
}

// addReLU64Go is the pure-Go AddReLU64: d[i] = relu(a[i] + b[i]).
func addReLU64Go(d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		s := a[i] + b[i]
		d[i] = math.Float64frombits(math.Float64bits(s) & posMask64(s))
	}
}

// accum64Go is the pure-Go Accum64: d[i] += x[i].
func accum64Go(d, x []float64) {
	x = x[:len(d)]
	for i := range d {
		d[i] += x[i]
	}
}
