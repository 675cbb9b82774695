package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// The tests compare every assembly kernel (…AVX2), every entry point and
// every pure-Go reference (…Go) with a naive spec written with plain ifs,
// bit for bit, on every length 0..70 plus a few large ones, at unaligned
// starts, in place, and with guard elements after len(d) that must stay
// untouched.

// simdLengths returns the lengths the tests cover.
func simdLengths() []int {
	n := make([]int, 0, 80)
	for i := 0; i <= 70; i++ {
		n = append(n, i)
	}
	return append(n, 127, 128, 129, 1000, 32768+3)
}

// simdSpecials64 are the values the inputs are seeded with besides random
// ones: signed zeros, infinities, NaNs with both signs and several payloads,
// denormals, extremes (so sums and products overflow) and their neighbours.
var simdSpecials64 = []float64{
	0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
	math.Float64frombits(0xfff8000000000000), // -NaN, the x86 default NaN
	math.Float64frombits(0x7ff0000000000001), // signalling NaN
	math.Float64frombits(0x7ff8dead0000beef),
	math.Float64frombits(0xfffbeef00000dead),
	math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
	math.MaxFloat64, -math.MaxFloat64, 1, -1, 0.5, -2.5,
	math.Float64frombits(1), math.Float64frombits(0x000fffffffffffff),
	math.Float64frombits(0x8000000000000001),
}

// simdSpecials32 is simdSpecials64 for float32.
var simdSpecials32 = []float32{
	0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)),
	float32(math.NaN()),
	math.Float32frombits(0xffc00000), // -NaN, the x86 default NaN
	math.Float32frombits(0x7f800001), // signalling NaN
	math.Float32frombits(0x7fc0beef),
	math.Float32frombits(0xffbeef00),
	math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
	math.MaxFloat32, -math.MaxFloat32, 1, -1, 0.5, -2.5,
	math.Float32frombits(1), math.Float32frombits(0x007fffff),
	math.Float32frombits(0x80000001),
}

// simdFill64 fills v with random values, about a quarter of them special.
func simdFill64(rng *rand.Rand, v []float64) {
	for i := range v {
		switch r := rng.Intn(8); {
		case r < 2:
			v[i] = simdSpecials64[rng.Intn(len(simdSpecials64))]
		case r == 2:
			v[i] = math.Float64frombits(rng.Uint64()) // any bit pattern
		default:
			v[i] = rng.NormFloat64() * math.Pow(10, float64(rng.Intn(9)-4))
		}
	}
}

// simdFill32 fills v with random values, about a quarter of them special.
func simdFill32(rng *rand.Rand, v []float32) {
	for i := range v {
		switch r := rng.Intn(8); {
		case r < 2:
			v[i] = simdSpecials32[rng.Intn(len(simdSpecials32))]
		case r == 2:
			v[i] = math.Float32frombits(rng.Uint32()) // any bit pattern
		default:
			v[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.Intn(9)-4)))
		}
	}
}

// Naive specs, written as plainly as possible.

func specRelu32(v float32) float32 {
	if v > 0 {
		return v
	}
	return 0
}

func specRelu64(v float64) float64 {
	if v > 0 {
		return v
	}
	return 0
}

// simdKernel32 is one float32 kernel under test. Unary kernels ignore b.
type simdKernel32 struct {
	name   string
	inputs int // 1: f(d, a); 2: f(d, a, b)
	spec   func(d, a, b float32) float32
	asm    func(d, a, b []float32)
	entry  func(d, a, b []float32)
	ref    func(d, a, b []float32)
}

// simdKernel64 is one float64 kernel under test. Unary kernels ignore b.
type simdKernel64 struct {
	name   string
	inputs int
	spec   func(d, a, b float64) float64
	asm    func(d, a, b []float64)
	entry  func(d, a, b []float64)
	ref    func(d, a, b []float64)
}

var simdKernels32 = []simdKernel32{
	{"relu", 1, func(_, x, _ float32) float32 { return specRelu32(x) },
		func(d, x, _ []float32) { relu32AVX2(d, x) },
		func(d, x, _ []float32) { ReLU32(d, x) },
		func(d, x, _ []float32) { relu32Go(d, x) }},
	{"reluGrad", 2, func(_, x, dy float32) float32 {
		if x > 0 {
			return dy
		}
		return 0
	}, reluGrad32AVX2, ReLUGrad32, reluGrad32Go},
	{"add", 2, func(_, a, b float32) float32 { return a + b }, add32AVX2, Add32, add32Go},
	{"sub", 2, func(_, a, b float32) float32 { return a - b }, sub32AVX2, Sub32, sub32Go},
	{"mul", 2, func(_, a, b float32) float32 { return a * b }, mul32AVX2, Mul32, mul32Go},
	{"addReLU", 2, func(_, a, b float32) float32 { return specRelu32(a + b) },
		addReLU32AVX2, AddReLU32, addReLU32Go},
	{"accum", 1, func(d, x, _ float32) float32 { return d + x },
		func(d, x, _ []float32) { accum32AVX2(d, x) },
		func(d, x, _ []float32) { Accum32(d, x) },
		func(d, x, _ []float32) { accum32Go(d, x) }},
}

var simdKernels64 = []simdKernel64{
	{"relu", 1, func(_, x, _ float64) float64 { return specRelu64(x) },
		func(d, x, _ []float64) { relu64AVX2(d, x) },
		func(d, x, _ []float64) { ReLU64(d, x) },
		func(d, x, _ []float64) { relu64Go(d, x) }},
	{"reluGrad", 2, func(_, x, dy float64) float64 {
		if x > 0 {
			return dy
		}
		return 0
	}, reluGrad64AVX2, ReLUGrad64, reluGrad64Go},
	{"add", 2, func(_, a, b float64) float64 { return a + b }, add64AVX2, Add64, add64Go},
	{"sub", 2, func(_, a, b float64) float64 { return a - b }, sub64AVX2, Sub64, sub64Go},
	{"mul", 2, func(_, a, b float64) float64 { return a * b }, mul64AVX2, Mul64, mul64Go},
	{"addReLU", 2, func(_, a, b float64) float64 { return specRelu64(a + b) },
		addReLU64AVX2, AddReLU64, addReLU64Go},
	{"accum", 1, func(d, x, _ float64) float64 { return d + x },
		func(d, x, _ []float64) { accum64AVX2(d, x) },
		func(d, x, _ []float64) { Accum64(d, x) },
		func(d, x, _ []float64) { accum64Go(d, x) }},
}

// simdNoAVX2F32 returns f run with useAVX2 cleared, to test the entry points'
// pure-Go path on machines with AVX2 too.
func simdNoAVX2F32(f func(d, a, b []float32)) func(d, a, b []float32) {
	return func(d, a, b []float32) {
		defer func(old bool) { useAVX2 = old }(useAVX2)
		useAVX2 = false
		f(d, a, b)
	}
}

// simdNoAVX2F64 is simdNoAVX2F32 for float64.
func simdNoAVX2F64(f func(d, a, b []float64)) func(d, a, b []float64) {
	return func(d, a, b []float64) {
		defer func(old bool) { useAVX2 = old }(useAVX2)
		useAVX2 = false
		f(d, a, b)
	}
}

// simdGuard is the number of elements after len(d) that must stay untouched.
const simdGuard = 9

// TestSIMDKernels32 checks every float32 kernel against its naive spec.
func TestSIMDKernels32(t *testing.T) {
	if !useAVX2 {
		t.Log("no AVX2: the …AVX2 names are the pure-Go fallbacks")
	}
	rng := rand.New(rand.NewSource(1))
	for _, k := range simdKernels32 {
		impls := []struct {
			name string
			f    func(d, a, b []float32)
		}{{"asm", k.asm}, {"entry", k.entry}, {"entry without AVX2", simdNoAVX2F32(k.entry)}, {"go", k.ref}}
		for _, n := range simdLengths() {
			for off := 0; off < 8; off++ {
				if n > 1000 && off > 1 {
					continue
				}
				// Unaligned starts: each slice begins off (or a different
				// offset) elements into its backing array.
				da := make([]float32, n+off+simdGuard)
				aa := make([]float32, n+off+3)
				ba := make([]float32, n+off+5)
				simdFill32(rng, da)
				simdFill32(rng, aa)
				simdFill32(rng, ba)
				d0 := da[off : off+n]
				a := aa[off : off+n]
				b := ba[(off+3)%8 : (off+3)%8+n]
				want := make([]float32, n)
				for i := range want {
					want[i] = k.spec(d0[i], a[i], b[i])
				}
				for _, im := range impls {
					buf := append([]float32(nil), da...)
					d := buf[off : off+n]
					im.f(d, a, b)
					for i := range want {
						if math.Float32bits(d[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%s32 %s n=%d off=%d: d[%d] = %v (%#08x), want %v (%#08x); inputs d=%v a=%v b=%v",
								k.name, im.name, n, off, i, d[i], math.Float32bits(d[i]), want[i], math.Float32bits(want[i]),
								d0[i], a[i], b[i])
						}
					}
					for i := off + n; i < len(buf); i++ {
						if math.Float32bits(buf[i]) != math.Float32bits(da[i]) {
							t.Fatalf("%s32 %s n=%d off=%d: wrote past len(d) at %d", k.name, im.name, n, off, i-off)
						}
					}
					for i := 0; i < off; i++ {
						if math.Float32bits(buf[i]) != math.Float32bits(da[i]) {
							t.Fatalf("%s32 %s n=%d off=%d: wrote before d at %d", k.name, im.name, n, off, i-off)
						}
					}
				}
			}
		}
	}
}

// TestSIMDKernels64 checks every float64 kernel against its naive spec.
func TestSIMDKernels64(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, k := range simdKernels64 {
		impls := []struct {
			name string
			f    func(d, a, b []float64)
		}{{"asm", k.asm}, {"entry", k.entry}, {"entry without AVX2", simdNoAVX2F64(k.entry)}, {"go", k.ref}}
		for _, n := range simdLengths() {
			for off := 0; off < 8; off++ {
				if n > 1000 && off > 1 {
					continue
				}
				da := make([]float64, n+off+simdGuard)
				aa := make([]float64, n+off+3)
				ba := make([]float64, n+off+5)
				simdFill64(rng, da)
				simdFill64(rng, aa)
				simdFill64(rng, ba)
				d0 := da[off : off+n]
				a := aa[off : off+n]
				b := ba[(off+3)%8 : (off+3)%8+n]
				want := make([]float64, n)
				for i := range want {
					want[i] = k.spec(d0[i], a[i], b[i])
				}
				for _, im := range impls {
					buf := append([]float64(nil), da...)
					d := buf[off : off+n]
					im.f(d, a, b)
					for i := range want {
						if math.Float64bits(d[i]) != math.Float64bits(want[i]) {
							t.Fatalf("%s64 %s n=%d off=%d: d[%d] = %v (%#016x), want %v (%#016x); inputs d=%v a=%v b=%v",
								k.name, im.name, n, off, i, d[i], math.Float64bits(d[i]), want[i], math.Float64bits(want[i]),
								d0[i], a[i], b[i])
						}
					}
					for i := off + n; i < len(buf); i++ {
						if math.Float64bits(buf[i]) != math.Float64bits(da[i]) {
							t.Fatalf("%s64 %s n=%d off=%d: wrote past len(d) at %d", k.name, im.name, n, off, i-off)
						}
					}
					for i := 0; i < off; i++ {
						if math.Float64bits(buf[i]) != math.Float64bits(da[i]) {
							t.Fatalf("%s64 %s n=%d off=%d: wrote before d at %d", k.name, im.name, n, off, i-off)
						}
					}
				}
			}
		}
	}
}

// TestSIMDInPlace checks d == a and d == b (and d == x for the unary kernels)
// for every implementation.
func TestSIMDInPlace(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, n := range []int{0, 1, 7, 8, 31, 32, 33, 67, 1000} {
		for _, k := range simdKernels32 {
			for _, pos := range []int{1, 2} {
				if pos > k.inputs {
					continue
				}
				a, b := make([]float32, n), make([]float32, n)
				simdFill32(rng, a)
				simdFill32(rng, b)
				want := make([]float32, n)
				for i := range want {
					d := a[i]
					if pos == 2 {
						d = b[i]
					}
					want[i] = k.spec(d, a[i], b[i])
				}
				for _, im := range []func(d, a, b []float32){k.asm, k.entry, k.ref} {
					a2, b2 := append([]float32(nil), a...), append([]float32(nil), b...)
					d := a2
					if pos == 2 {
						d = b2
					}
					im(d, a2, b2)
					for i := range want {
						if math.Float32bits(d[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%s32 in place (d is input %d) n=%d: d[%d] = %v, want %v", k.name, pos, n, i, d[i], want[i])
						}
					}
				}
			}
		}
		for _, k := range simdKernels64 {
			for _, pos := range []int{1, 2} {
				if pos > k.inputs {
					continue
				}
				a, b := make([]float64, n), make([]float64, n)
				simdFill64(rng, a)
				simdFill64(rng, b)
				want := make([]float64, n)
				for i := range want {
					d := a[i]
					if pos == 2 {
						d = b[i]
					}
					want[i] = k.spec(d, a[i], b[i])
				}
				for _, im := range []func(d, a, b []float64){k.asm, k.entry, k.ref} {
					a2, b2 := append([]float64(nil), a...), append([]float64(nil), b...)
					d := a2
					if pos == 2 {
						d = b2
					}
					im(d, a2, b2)
					for i := range want {
						if math.Float64bits(d[i]) != math.Float64bits(want[i]) {
							t.Fatalf("%s64 in place (d is input %d) n=%d: d[%d] = %v, want %v", k.name, pos, n, i, d[i], want[i])
						}
					}
				}
			}
		}
	}
}

// TestSIMDShortInputPanics checks that an input shorter than d panics in Go,
// even when its capacity would cover len(d).
func TestSIMDShortInputPanics(t *testing.T) {
	mustPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s with a short input did not panic", name)
			}
		}()
		f()
	}
	d32, s32 := make([]float32, 40), make([]float32, 39, 64)
	d64, s64 := make([]float64, 40), make([]float64, 39, 64)
	for _, k := range simdKernels32 {
		mustPanic(k.name+"32 (a short)", func() { k.entry(d32, s32, d32) })
		if k.inputs == 2 {
			mustPanic(k.name+"32 (b short)", func() { k.entry(d32, d32, s32) })
		}
	}
	for _, k := range simdKernels64 {
		mustPanic(k.name+"64 (a short)", func() { k.entry(d64, s64, d64) })
		if k.inputs == 2 {
			mustPanic(k.name+"64 (b short)", func() { k.entry(d64, d64, s64) })
		}
	}
	// Longer inputs are fine: only len(d) elements are used.
	ReLU32(d32[:3], d32)
	ReLU64(d64[:3], d64)
}

// TestSIMDNoAllocs checks that the entry points do not allocate.
func TestSIMDNoAllocs(t *testing.T) {
	d32, a32 := make([]float32, 100), make([]float32, 100)
	d64, a64 := make([]float64, 100), make([]float64, 100)
	if n := testing.AllocsPerRun(10, func() {
		ReLU32(d32, a32)
		ReLUGrad32(d32, a32, a32)
		Add32(d32, a32, a32)
		Sub32(d32, a32, a32)
		Mul32(d32, a32, a32)
		AddReLU32(d32, a32, a32)
		Accum32(d32, a32)
		ReLU64(d64, a64)
		ReLUGrad64(d64, a64, a64)
		Add64(d64, a64, a64)
		Sub64(d64, a64, a64)
		Mul64(d64, a64, a64)
		AddReLU64(d64, a64, a64)
		Accum64(d64, a64)
	}); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

// simdBenchN is the benchmark length: a 128×256 activation.
const simdBenchN = 128 * 256

// simdStreams is the number of slices a kernel reads or writes, counting
// d twice for accum (read and written), for b.SetBytes.
func simdStreams(name string, inputs int) int {
	if name == "accum" {
		return inputs + 2
	}
	return inputs + 1
}

// BenchmarkSIMD32 times every float32 kernel on simdBenchN elements, in
// assembly (asm) and in pure Go (go), with copy as the memory-speed yardstick.
// Inputs have random signs so that any branch on the sign would mispredict.
func BenchmarkSIMD32(b *testing.B) {
	rng := rand.New(rand.NewSource(4))
	d, x, y := make([]float32, simdBenchN), make([]float32, simdBenchN), make([]float32, simdBenchN)
	for i := range x {
		x[i], y[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
	}
	b.Run("copy", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(8 * simdBenchN))
		for b.Loop() {
			copy(d, x)
		}
	})
	for _, k := range simdKernels32 {
		for _, im := range []struct {
			name string
			f    func(d, a, b []float32)
		}{{"asm", k.asm}, {"go", k.ref}} {
			b.Run(fmt.Sprintf("%s/%s", k.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(4 * simdStreams(k.name, k.inputs) * simdBenchN))
				if k.name == "accum" {
					// d grows each round; keep it finite and well away from
					// denormals by starting from the inputs.
					copy(d, y)
				}
				for b.Loop() {
					im.f(d, x, y)
				}
			})
		}
	}
}

// BenchmarkSIMD64 is BenchmarkSIMD32 for float64.
func BenchmarkSIMD64(b *testing.B) {
	rng := rand.New(rand.NewSource(5))
	d, x, y := make([]float64, simdBenchN), make([]float64, simdBenchN), make([]float64, simdBenchN)
	for i := range x {
		x[i], y[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	b.Run("copy", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(16 * simdBenchN))
		for b.Loop() {
			copy(d, x)
		}
	})
	for _, k := range simdKernels64 {
		for _, im := range []struct {
			name string
			f    func(d, a, b []float64)
		}{{"asm", k.asm}, {"go", k.ref}} {
			b.Run(fmt.Sprintf("%s/%s", k.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(8 * simdStreams(k.name, k.inputs) * simdBenchN))
				if k.name == "accum" {
					copy(d, y)
				}
				for b.Loop() {
					im.f(d, x, y)
				}
			})
		}
	}
}
