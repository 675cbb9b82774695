package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"testing"
)

// The tests compare tanh32AVX2 (and the entry point Tanh32, with and without
// AVX2) with tanh32Go bit for bit: on every length 0..70 plus a few large
// ones, at unaligned starts, with guard elements before and after d that must
// stay untouched, in place, on special values in every code path (4-vector
// loop, single vectors, scalar tail), and on a sweep over every 97th float32
// bit pattern. Setting CHAINRULE_TANH_EXHAUSTIVE=1 (without -short) sweeps
// all 2³² patterns instead.

// tanhExhaustiveEnv names the environment variable that enables the sweep
// over every float32 bit pattern.
const tanhExhaustiveEnv = "CHAINRULE_TANH_EXHAUSTIVE"

// tanhSpecials are the values around every branch of tanh32Go: signed zeros,
// infinities, NaNs of both signs with several payloads (quiet and
// signalling), denormals, the extremes, both sides of ±0.0004 (the
// passthrough bound) and of ±clamp, and ±1.
func tanhSpecials() []float32 {
	const clamp = float32(7.90531110763549805)
	const small = float32(0.0004)
	inf := float32(math.Inf(1))
	v := []float32{
		0, float32(math.Copysign(0, -1)), inf, -inf, float32(math.NaN()),
		math.Float32frombits(0xffc00000), // -NaN, the x86 default NaN
		math.Float32frombits(0x7fc00000),
		math.Float32frombits(0x7f800001), // signalling NaNs
		math.Float32frombits(0xff800001),
		math.Float32frombits(0x7fc0beef),
		math.Float32frombits(0xffbeef00),
		math.Float32frombits(0x7fffffff),
		math.Float32frombits(0xffffffff),
		math.Float32frombits(0x7fa5a5a5),
		math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
		math.Float32frombits(0x007fffff), math.Float32frombits(0x807fffff), // largest denormals
		math.Float32frombits(0x00800000), math.Float32frombits(0x80800000), // smallest normals
		math.MaxFloat32, -math.MaxFloat32,
		1, -1, 0.5, -0.5, 2, -2, 1e-3, -1e-3, 1e10, -1e10, 1e-10, -1e-10,
	}
	for _, c := range []float32{small, clamp} {
		for _, s := range []float32{c, -c} {
			up, down := s, s
			v = append(v, s)
			for range 3 {
				up, down = math.Nextafter32(up, inf), math.Nextafter32(down, -inf)
				v = append(v, up, down)
			}
		}
	}
	return v
}

// tanhFill fills v with random values: a quarter specials, a quarter any bit
// pattern, the rest spread over the polynomial's range and somewhat beyond,
// at several scales so that the passthrough bound is crossed too.
func tanhFill(rng *rand.Rand, v []float32, specials []float32) {
	for i := range v {
		switch r := rng.Intn(8); {
		case r < 2:
			v[i] = specials[rng.Intn(len(specials))]
		case r == 2:
			v[i] = math.Float32frombits(rng.Uint32())
		default:
			v[i] = float32((rng.Float64()*20 - 10) * math.Pow(10, float64(-rng.Intn(6))))
		}
	}
}

// tanhImpls are the implementations compared with tanh32Go.
var tanhImpls = []struct {
	name string
	f    func(d, x []float32)
}{
	{"asm", tanh32AVX2},
	{"entry", Tanh32},
	{"entry without AVX2", func(d, x []float32) {
		defer func(old bool) { useAVX2 = old }(useAVX2)
		useAVX2 = false
		Tanh32(d, x)
	}},
}

// tanhMismatch describes the first element where got and want differ in their
// bits, or returns "".
func tanhMismatch(got, want, x []float32) string {
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			return fmt.Sprintf("d[%d] = %v (%#08x), want %v (%#08x) for x = %v (%#08x)%s",
				i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]), x[i], math.Float32bits(x[i]),
				tanhGoFusedNote())
		}
	}
	return ""
}

// tanhGoFusedNote explains a mismatch when tanh32Go itself was compiled with
// fused multiply-adds, as Go does on amd64 for GOAMD64=v3 and above (and on
// arm64): the assembly reproduces the unfused arithmetic of the default
// GOAMD64=v1 build. At the clamp the unfused arithmetic gives exactly 1, the
// fused one 1 - 4 ulps.
func tanhGoFusedNote() string {
	d := []float32{0}
	tanh32Go(d, []float32{float32(math.Inf(1))})
	if d[0] == 1 {
		return ""
	}
	return " (tanh32Go was compiled with fused multiply-adds, e.g. GOAMD64=v3; tanh32AVX2 matches the unfused GOAMD64=v1 build)"
}

// TestTanh32AVX2 checks every length and offset, with guards on both sides.
func TestTanh32AVX2(t *testing.T) {
	if !useAVX2 {
		t.Log("no AVX2: tanh32AVX2 is the pure-Go fallback")
	}
	rng := rand.New(rand.NewSource(6))
	specials := tanhSpecials()
	for _, n := range simdLengths() {
		for off := 0; off < 8; off++ {
			if n > 1000 && off > 1 {
				continue
			}
			da := make([]float32, off+n+simdGuard)
			xa := make([]float32, n+8)
			tanhFill(rng, da, specials)
			tanhFill(rng, xa, specials)
			x := xa[(off+5)%8 : (off+5)%8+n]
			want := make([]float32, n)
			tanh32Go(want, x)
			for _, im := range tanhImpls {
				buf := append([]float32(nil), da...)
				d := buf[off : off+n]
				im.f(d, x)
				if m := tanhMismatch(d, want, x); m != "" {
					t.Fatalf("%s n=%d off=%d: %s", im.name, n, off, m)
				}
				for i := range buf {
					if (i < off || i >= off+n) && math.Float32bits(buf[i]) != math.Float32bits(da[i]) {
						t.Fatalf("%s n=%d off=%d: wrote outside d at %d", im.name, n, off, i-off)
					}
				}
			}
		}
	}
}

// TestTanh32AVX2InPlace checks d == x.
func TestTanh32AVX2InPlace(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	specials := tanhSpecials()
	for _, n := range []int{0, 1, 7, 8, 9, 15, 31, 32, 33, 47, 67, 1000} {
		x := make([]float32, n)
		tanhFill(rng, x, specials)
		want := make([]float32, n)
		tanh32Go(want, x)
		for _, im := range tanhImpls {
			d := append([]float32(nil), x...)
			im.f(d, d)
			if m := tanhMismatch(d, want, x); m != "" {
				t.Fatalf("%s in place n=%d: %s", im.name, n, m)
			}
		}
		d := append([]float32(nil), x...)
		tanh32Go(d, d)
		if m := tanhMismatch(d, want, x); m != "" {
			t.Fatalf("go in place n=%d: %s", n, m)
		}
	}
}

// TestTanh32AVX2Specials runs the special values through every code path:
// rotated through slices of 47 elements (one 4-vector iteration, one single
// vector, 7 scalars) and alone. It also pins tanh32Go's own semantics on
// them: NaN and |x| < 0.0004 give x itself, ±Inf give the value at ±clamp.
func TestTanh32AVX2Specials(t *testing.T) {
	specials := tanhSpecials()
	const n = 47
	x := make([]float32, n)
	for rot := range len(specials) + n {
		for i := range x {
			x[i] = specials[(i+rot)%len(specials)]
		}
		want := make([]float32, n)
		tanh32Go(want, x)
		for _, im := range tanhImpls {
			d := make([]float32, n)
			im.f(d, x)
			if m := tanhMismatch(d, want, x); m != "" {
				t.Fatalf("%s rot=%d: %s", im.name, rot, m)
			}
		}
	}
	one := make([]float32, 1)
	for _, v := range specials {
		tanh32Go(one, []float32{v})
		want := one[0]
		for _, im := range tanhImpls {
			im.f(one, []float32{v})
			if math.Float32bits(one[0]) != math.Float32bits(want) {
				t.Fatalf("%s alone: tanh(%v (%#08x)) = %#08x, want %#08x",
					im.name, v, math.Float32bits(v), math.Float32bits(one[0]), math.Float32bits(want))
			}
		}
		passthrough := v != v || (v < 0.0004 && v > -0.0004)
		if passthrough && math.Float32bits(want) != math.Float32bits(v) {
			t.Errorf("tanh32Go(%#08x) = %#08x, want x itself", math.Float32bits(v), math.Float32bits(want))
		}
	}
	clamped := make([]float32, 4)
	tanh32Go(clamped, []float32{float32(math.Inf(1)), 7.90531110763549805, float32(math.Inf(-1)), -7.90531110763549805})
	if clamped[0] != clamped[1] || clamped[2] != clamped[3] || clamped[0] != -clamped[2] {
		t.Errorf("tanh32Go at ±Inf and ±clamp: %v", clamped)
	}
}

// tanhSweep compares the implementations on the bit patterns start,
// start+stride, … below 2³², in buffers of 65536+15 elements (so the
// 4-vector loop, a single vector and the scalar tail all see part of them),
// each passed to the implementation under test in calls of callLen elements
// (or whole when callLen is 0). It returns the number of patterns checked.
func tanhSweep(t *testing.T, start, stride uint64, callLen int) int {
	t.Helper()
	const bufLen = 1<<16 + 15
	x, want, got := make([]float32, bufLen), make([]float32, bufLen), make([]float32, bufLen)
	count := 0
	for bits := start; bits < 1<<32; {
		n := 0
		for ; n < bufLen && bits < 1<<32; n, bits = n+1, bits+stride {
			x[n] = math.Float32frombits(uint32(bits))
		}
		tanh32Go(want[:n], x[:n])
		if callLen == 0 {
			tanh32AVX2(got[:n], x[:n])
		} else {
			for i := 0; i < n; i += callLen {
				j := min(i+callLen, n)
				tanh32AVX2(got[i:j], x[i:j])
			}
		}
		if m := tanhMismatch(got[:n], want[:n], x[:n]); m != "" {
			t.Fatalf("sweep stride %d call length %d: %s", stride, callLen, m)
		}
		count += n
	}
	return count
}

// TestTanh32AVX2Sweep compares tanh32AVX2 with tanh32Go on every 97th float32
// bit pattern (44 million values, under a second) through the vector loops,
// and on every 997th one through the single-vector loop and the scalar tail
// alone. With CHAINRULE_TANH_EXHAUSTIVE=1 and without -short it checks all
// 2³² patterns (a minute or so) instead of every 97th.
func TestTanh32AVX2Sweep(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2: tanh32AVX2 is tanh32Go itself")
	}
	stride := sweepStride()
	if os.Getenv(tanhExhaustiveEnv) == "1" && !testing.Short() {
		stride = 1
	}
	n := tanhSweep(t, 0, stride, 0)
	t.Logf("stride %d: %d bit patterns identical", stride, n)
	// Odd starts and strides so that neighbouring patterns, not only
	// multiples of the stride, reach the tail paths.
	n = tanhSweep(t, 1, 997, 15) // one single vector and 7 scalars per call
	n += tanhSweep(t, 2, 997, 7) // scalars only
	n += tanhSweep(t, 3, 997, 8) // single vectors only
	t.Logf("stride 997 through the single-vector loop and the scalar tail: %d bit patterns identical", n)
}

// TestTanh32ShortInputPanics checks that Tanh32 panics on an input shorter
// than d, even when its capacity would cover len(d), and does not allocate.
func TestTanh32ShortInputPanics(t *testing.T) {
	d, s := make([]float32, 40), make([]float32, 39, 64)
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("Tanh32 with a short input did not panic")
			}
		}()
		Tanh32(d, s)
	}()
	Tanh32(d[:3], d) // a longer input is fine
	if n := testing.AllocsPerRun(10, func() { Tanh32(d, d) }); n != 0 {
		t.Errorf("Tanh32: %v allocations per run, want 0", n)
	}
}

// BenchmarkTanh32 times tanh32AVX2 (asm) and tanh32Go (go) on one RNN step's
// activation (16×64) and on a 128×256 one, with normally distributed inputs
// (random signs, a few beyond the clamp, a few below 0.0004).
func BenchmarkTanh32(b *testing.B) {
	for _, n := range []int{16 * 64, 32768} {
		rng := rand.New(rand.NewSource(8))
		d, x := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i] = float32(2 * rng.NormFloat64())
		}
		for _, im := range []struct {
			name string
			f    func(d, x []float32)
		}{{"asm", tanh32AVX2}, {"go", tanh32Go}} {
			b.Run(fmt.Sprintf("n=%d/%s", n, im.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(8 * n))
				for b.Loop() {
					im.f(d, x)
				}
			})
		}
	}
}
