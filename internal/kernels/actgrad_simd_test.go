package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// The tests compare the activation-gradient kernels (actgrad.go,
// actgrad_amd64.s) bit for bit: the AVX2 kernels, the entry points with and
// without AVX2 and the pure-Go references, against the naive formulas of
// the former scalar actGradK, on every length 0..70 plus a few large ones, at
// unaligned starts, with guard elements before and after d, in place (d == y
// and d == dy), and on special values (NaNs with payloads, ±Inf, ±0,
// denormals, extremes) in every code path.

type actGradKernel[T Float] struct {
	name       string
	asm, entry func(d, y, dy []T)
	ref        func(d, y, dy []T)
	spec       func(y, dy T) T
}

// The naive specs: the loops actGradK had before the kernels. For float64
// nothing can fuse on amd64 anyway (GOAMD64=v1).
func specSigmoidGrad32(y, dy float32) float32 { return dy * (y * (1 - y)) }
func specSigmoidGrad64(y, dy float64) float64 { return dy * (y * (1 - y)) }
func specTanhGrad32(y, dy float32) float32    { return dy * (1 - float32(y*y)) }
func specTanhGrad64(y, dy float64) float64    { return dy * (1 - float64(y*y)) }

func actGradNoAVX2[T Float](f func(d, y, dy []T)) func(d, y, dy []T) {
	return func(d, y, dy []T) {
		defer func(old bool) { useAVX2 = old }(useAVX2)
		useAVX2 = false
		f(d, y, dy)
	}
}

var actGradKernels32 = []actGradKernel[float32]{
	{"sigmoidGrad", sigmoidGrad32AVX2, SigmoidGrad32, sigmoidGrad32Go, specSigmoidGrad32},
	{"tanhGrad", tanhGrad32AVX2, TanhGrad32, tanhGrad32Go, specTanhGrad32},
}

var actGradKernels64 = []actGradKernel[float64]{
	{"sigmoidGrad", sigmoidGrad64AVX2, SigmoidGrad64, sigmoidGrad64Go, specSigmoidGrad64},
	{"tanhGrad", tanhGrad64AVX2, TanhGrad64, tanhGrad64Go, specTanhGrad64},
}

func bitsOf[T Float](v T) uint64 {
	if Is32[T]() {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(float64(v))
}

// actGradFill fills v like simdFill32/64, plus (an eighth of the time) values
// in [0, 1] and [-1, 1], the ranges of sigmoid and tanh.
func actGradFill[T Float](rng *rand.Rand, v []T) {
	if Is32[T]() {
		simdFill32(rng, As32(v))
	} else {
		simdFill64(rng, As64(v))
	}
	for i := range v {
		if rng.Intn(8) == 0 {
			v[i] = T(2*rng.Float64() - 1)
		}
	}
}

func actGradImpls[T Float](k actGradKernel[T]) []struct {
	name string
	f    func(d, y, dy []T)
} {
	return []struct {
		name string
		f    func(d, y, dy []T)
	}{{"asm", k.asm}, {"entry", k.entry}, {"entry without AVX2", actGradNoAVX2(k.entry)}, {"go", k.ref}}
}

func testActGradKernels[T Float](t *testing.T, kernels []actGradKernel[T], bitsName string) {
	rng := rand.New(rand.NewSource(11))
	for _, k := range kernels {
		for _, n := range simdLengths() {
			for off := 0; off < 8; off++ {
				if n > 1000 && off > 1 {
					continue
				}
				da := make([]T, off+n+simdGuard)
				ya := make([]T, n+8)
				dya := make([]T, n+8)
				actGradFill(rng, da)
				actGradFill(rng, ya)
				actGradFill(rng, dya)
				y := ya[(off+3)%8 : (off+3)%8+n]
				dy := dya[(off+5)%8 : (off+5)%8+n]
				want := make([]T, n)
				for i := range want {
					want[i] = k.spec(y[i], dy[i])
				}
				for _, im := range actGradImpls(k) {
					buf := append([]T(nil), da...)
					d := buf[off : off+n]
					im.f(d, y, dy)
					for i := range want {
						if bitsOf(d[i]) != bitsOf(want[i]) {
							t.Fatalf("%s%s %s n=%d off=%d: d[%d] = %v (%#x), want %v (%#x) for y=%v (%#x) dy=%v (%#x)",
								k.name, bitsName, im.name, n, off, i, d[i], bitsOf(d[i]), want[i], bitsOf(want[i]),
								y[i], bitsOf(y[i]), dy[i], bitsOf(dy[i]))
						}
					}
					for i := range buf {
						if (i < off || i >= off+n) && bitsOf(buf[i]) != bitsOf(da[i]) {
							t.Fatalf("%s%s %s n=%d off=%d: wrote outside d at %d", k.name, bitsName, im.name, n, off, i-off)
						}
					}
				}
			}
		}
	}
}

// TestActGradKernels32 checks every length and offset, with guards.
func TestActGradKernels32(t *testing.T) {
	if !useAVX2 {
		t.Log("no AVX2: the …AVX2 names are the pure-Go fallbacks")
	}
	testActGradKernels(t, actGradKernels32, "32")
}

// TestActGradKernels64 checks every length and offset, with guards.
func TestActGradKernels64(t *testing.T) {
	testActGradKernels(t, actGradKernels64, "64")
}

func testActGradInPlace[T Float](t *testing.T, kernels []actGradKernel[T], bitsName string) {
	rng := rand.New(rand.NewSource(12))
	for _, k := range kernels {
		for _, n := range []int{0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 67, 1000} {
			y, dy := make([]T, n), make([]T, n)
			actGradFill(rng, y)
			actGradFill(rng, dy)
			want := make([]T, n)
			for i := range want {
				want[i] = k.spec(y[i], dy[i])
			}
			for _, im := range actGradImpls(k) {
				for _, alias := range []string{"y", "dy"} {
					yc, dyc := append([]T(nil), y...), append([]T(nil), dy...)
					d := yc
					if alias == "dy" {
						d = dyc
					}
					im.f(d, yc, dyc)
					for i := range want {
						if bitsOf(d[i]) != bitsOf(want[i]) {
							t.Fatalf("%s%s %s d == %s n=%d: d[%d] = %#x, want %#x", k.name, bitsName, im.name, alias, n, i, bitsOf(d[i]), bitsOf(want[i]))
						}
					}
				}
			}
		}
	}
}

// TestActGradKernelsInPlace checks d == y and d == dy.
func TestActGradKernelsInPlace(t *testing.T) {
	testActGradInPlace(t, actGradKernels32, "32")
	testActGradInPlace(t, actGradKernels64, "64")
}

func testActGradSpecials[T Float](t *testing.T, kernels []actGradKernel[T], specials []T, bitsName string) {
	// Every pair of specials, laid out over 47 elements so that the 4-vector
	// loop, a single vector and the scalar tail all see each pair.
	var ys, dys []T
	for _, a := range specials {
		for _, b := range specials {
			ys, dys = append(ys, a), append(dys, b)
		}
	}
	const n = 47
	for _, k := range kernels {
		for start := 0; start < len(ys); start += 13 {
			y, dy := make([]T, n), make([]T, n)
			for i := range y {
				y[i], dy[i] = ys[(start+i)%len(ys)], dys[(start+i)%len(ys)]
			}
			for _, im := range actGradImpls(k) {
				d := make([]T, n)
				im.f(d, y, dy)
				for i := range d {
					if w := k.spec(y[i], dy[i]); bitsOf(d[i]) != bitsOf(w) {
						t.Fatalf("%s%s %s: y=%v (%#x) dy=%v (%#x): got %#x, want %#x", k.name, bitsName, im.name,
							y[i], bitsOf(y[i]), dy[i], bitsOf(dy[i]), bitsOf(d[i]), bitsOf(w))
					}
				}
			}
		}
	}
}

// TestActGradKernelsSpecials checks every pair (y, dy) of special values.
func TestActGradKernelsSpecials(t *testing.T) {
	testActGradSpecials(t, actGradKernels32, simdSpecials32, "32")
	testActGradSpecials(t, actGradKernels64, simdSpecials64, "64")
}

// TestActGradShortInputPanics checks that the entry points panic on a y or
// dy shorter than d, even when its capacity would cover len(d), and that
// they do not allocate.
func TestActGradShortInputPanics(t *testing.T) {
	d, s := make([]float32, 40), make([]float32, 39, 64)
	d64, s64 := make([]float64, 40), make([]float64, 39, 64)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"SigmoidGrad32 y", func() { SigmoidGrad32(d, s, d) }},
		{"SigmoidGrad32 dy", func() { SigmoidGrad32(d, d, s) }},
		{"TanhGrad32 y", func() { TanhGrad32(d, s, d) }},
		{"TanhGrad32 dy", func() { TanhGrad32(d, d, s) }},
		{"SigmoidGrad64 y", func() { SigmoidGrad64(d64, s64, d64) }},
		{"SigmoidGrad64 dy", func() { SigmoidGrad64(d64, d64, s64) }},
		{"TanhGrad64 y", func() { TanhGrad64(d64, s64, d64) }},
		{"TanhGrad64 dy", func() { TanhGrad64(d64, d64, s64) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: short input did not panic", c.name)
				}
			}()
			c.f()
		}()
	}
	if n := testing.AllocsPerRun(10, func() {
		SigmoidGrad32(d, d, d)
		TanhGrad32(d, d, d)
		SigmoidGrad64(d64, d64, d64)
		TanhGrad64(d64, d64, d64)
	}); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

// BenchmarkActGrad times the AVX2 kernels (asm), the pure-Go references (go)
// and the former generic loop of actGradK (old) on 256×128 elements.
func BenchmarkActGrad(b *testing.B) {
	const n = 256 * 128
	rng := rand.New(rand.NewSource(13))
	d32, y32, dy32 := make([]float32, n), make([]float32, n), make([]float32, n)
	d64, y64, dy64 := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range y32 {
		y32[i], dy32[i] = float32(rng.Float64()), float32(rng.NormFloat64())
		y64[i], dy64[i] = rng.Float64(), rng.NormFloat64()
	}
	oldSig := func(d, v, dy []float32) {
		v, dy = v[:len(d)], dy[:len(d)]
		for i, y := range v {
			d[i] = dy[i] * (y * (1 - y))
		}
	}
	oldTanh := func(d, v, dy []float32) {
		v, dy = v[:len(d)], dy[:len(d)]
		for i, y := range v {
			d[i] = dy[i] * (1 - y*y)
		}
	}
	oldSig64 := func(d, v, dy []float64) {
		v, dy = v[:len(d)], dy[:len(d)]
		for i, y := range v {
			d[i] = dy[i] * (y * (1 - y))
		}
	}
	oldTanh64 := func(d, v, dy []float64) {
		v, dy = v[:len(d)], dy[:len(d)]
		for i, y := range v {
			d[i] = dy[i] * (1 - y*y)
		}
	}
	for _, c := range []struct {
		name            string
		asm, goRef, old func(d, y, dy []float32)
	}{{"sigmoid32", sigmoidGrad32AVX2, sigmoidGrad32Go, oldSig}, {"tanh32", tanhGrad32AVX2, tanhGrad32Go, oldTanh}} {
		for _, im := range []struct {
			name string
			f    func(d, y, dy []float32)
		}{{"asm", c.asm}, {"go", c.goRef}, {"old", c.old}} {
			b.Run(fmt.Sprintf("%s/%s", c.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(12 * n))
				for b.Loop() {
					im.f(d32, y32, dy32)
				}
			})
		}
	}
	for _, c := range []struct {
		name            string
		asm, goRef, old func(d, y, dy []float64)
	}{{"Sigmoid64", sigmoidGrad64AVX2, sigmoidGrad64Go, oldSig64}, {"tanh64", tanhGrad64AVX2, tanhGrad64Go, oldTanh64}} {
		for _, im := range []struct {
			name string
			f    func(d, y, dy []float64)
		}{{"asm", c.asm}, {"go", c.goRef}, {"old", c.old}} {
			b.Run(fmt.Sprintf("%s/%s", c.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(24 * n))
				for b.Loop() {
					im.f(d64, y64, dy64)
				}
			})
		}
	}
}
