package kernels

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"testing"
)

// The tests compare exp32AVX2 and sigmoid32AVX2 (and the entry points Exp32
// and Sigmoid32, with and without AVX2) with exp32Go and sigmoid32Go bit for
// bit, on every length 0..70 plus a few large ones, at unaligned starts, with
// guards on both sides, in place, on special values in every code path and on
// every 97th float32 bit pattern; and measure the accuracy of the references
// against float64 math rounded to float32.

type exp32Kernel struct {
	name       string
	asm, entry func(d, x []float32)
	ref        func(d, x []float32)
}

var exp32Kernels = []exp32Kernel{
	{"exp32", exp32AVX2, Exp32, exp32Go},
	{"sigmoid32", sigmoid32AVX2, Sigmoid32, sigmoid32Go},
}

func exp32Impls(k exp32Kernel) []struct {
	name string
	f    func(d, x []float32)
} {
	noAVX2 := func(d, x []float32) {
		defer func(old bool) { useAVX2 = old }(useAVX2)
		useAVX2 = false
		k.entry(d, x)
	}
	return []struct {
		name string
		f    func(d, x []float32)
	}{{"asm", k.asm}, {"entry", k.entry}, {"entry without AVX2", noAVX2}}
}

// exp32Specials are the values around every branch and boundary: signed
// zeros, infinities, NaNs with payloads (quiet and signalling), denormals,
// extremes, both sides of the clamps (89, -104), of the overflow threshold
// (88.7228) and of the denormal range of the results (-87.3, -103.28), and
// ties of the rounding of x·log2 e.
func exp32Specials() []float32 {
	inf := float32(math.Inf(1))
	v := []float32{
		0, float32(math.Copysign(0, -1)), inf, -inf, float32(math.NaN()),
		math.Float32frombits(0xffc00000), math.Float32frombits(0x7fc00000),
		math.Float32frombits(0x7f800001), math.Float32frombits(0xff800001),
		math.Float32frombits(0x7fc0beef), math.Float32frombits(0xffbeef00),
		math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
		math.Float32frombits(0x007fffff), math.Float32frombits(0x807fffff),
		math.MaxFloat32, -math.MaxFloat32, 1, -1, 0.5, -0.5,
		89, -104, 88.72283935546875, 88.7228394, 88.72284, -87.33654, -87.3365,
		-103.27893, -103.972, -103.9721, -103.97208, 0.34657359, -0.34657359,
		float32(math.Ln2), -float32(math.Ln2), 20, -20, 100, -100, 1e10, -1e10,
	}
	for _, b := range []float32{89, -104, 88.72283935546875, -87.33654, -103.97208, 0.34657359} {
		v = append(v, math.Nextafter32(b, 0), math.Nextafter32(b, 1000), math.Nextafter32(b, -1000))
	}
	return v
}

func exp32Mismatch(name string, got, want, x []float32) string {
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			return fmt.Sprintf("%s: d[%d] = %v (%#08x), want %v (%#08x) for x = %v (%#08x)",
				name, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]), x[i], math.Float32bits(x[i]))
		}
	}
	return ""
}

func exp32Fill(rng *rand.Rand, v, specials []float32) {
	for i := range v {
		switch r := rng.Intn(8); {
		case r < 2:
			v[i] = specials[rng.Intn(len(specials))]
		case r == 2:
			v[i] = math.Float32frombits(rng.Uint32())
		default:
			v[i] = float32(rng.NormFloat64() * 30)
		}
	}
}

// TestExp32AVX2 checks every length and offset, with guards on both sides.
func TestExp32AVX2(t *testing.T) {
	rng := rand.New(rand.NewSource(21))
	specials := exp32Specials()
	for _, k := range exp32Kernels {
		for _, n := range simdLengths() {
			for off := 0; off < 8; off++ {
				if n > 1000 && off > 1 {
					continue
				}
				da := make([]float32, off+n+simdGuard)
				xa := make([]float32, n+8)
				exp32Fill(rng, da, specials)
				exp32Fill(rng, xa, specials)
				x := xa[(off+5)%8 : (off+5)%8+n]
				want := make([]float32, n)
				k.ref(want, x)
				for _, im := range exp32Impls(k) {
					buf := append([]float32(nil), da...)
					d := buf[off : off+n]
					im.f(d, x)
					if m := exp32Mismatch(fmt.Sprintf("%s %s n=%d off=%d", k.name, im.name, n, off), d, want, x); m != "" {
						t.Fatal(m)
					}
					for i := range buf {
						if (i < off || i >= off+n) && math.Float32bits(buf[i]) != math.Float32bits(da[i]) {
							t.Fatalf("%s %s n=%d off=%d: wrote outside d at %d", k.name, im.name, n, off, i-off)
						}
					}
				}
			}
		}
	}
}

// TestExp32AVX2InPlace checks d == x.
func TestExp32AVX2InPlace(t *testing.T) {
	rng := rand.New(rand.NewSource(22))
	specials := exp32Specials()
	for _, k := range exp32Kernels {
		for _, n := range []int{0, 1, 7, 8, 9, 15, 31, 32, 33, 47, 67, 1000} {
			x := make([]float32, n)
			exp32Fill(rng, x, specials)
			want := make([]float32, n)
			k.ref(want, x)
			for _, im := range append(exp32Impls(k), struct {
				name string
				f    func(d, x []float32)
			}{"go", k.ref}) {
				d := append([]float32(nil), x...)
				im.f(d, d)
				if m := exp32Mismatch(fmt.Sprintf("%s %s in place n=%d", k.name, im.name, n), d, want, x); m != "" {
					t.Fatal(m)
				}
			}
		}
	}
}

// TestExp32Specials runs the special values through every code path (rotated
// through 47 elements, and alone) and pins the references' semantics on them.
func TestExp32Specials(t *testing.T) {
	specials := exp32Specials()
	const n = 47
	x := make([]float32, n)
	for _, k := range exp32Kernels {
		for rot := range len(specials) + n {
			for i := range x {
				x[i] = specials[(i+rot)%len(specials)]
			}
			want := make([]float32, n)
			k.ref(want, x)
			for _, im := range exp32Impls(k) {
				d := make([]float32, n)
				im.f(d, x)
				if m := exp32Mismatch(fmt.Sprintf("%s %s rot=%d", k.name, im.name, rot), d, want, x); m != "" {
					t.Fatal(m)
				}
			}
		}
		for _, v := range specials {
			want := []float32{0}
			k.ref(want, []float32{v})
			for _, im := range exp32Impls(k) {
				got := []float32{0}
				im.f(got, []float32{v})
				if m := exp32Mismatch(k.name+" "+im.name+" alone", got, want, []float32{v}); m != "" {
					t.Fatal(m)
				}
			}
			if v != v && math.Float32bits(want[0]) != math.Float32bits(v) {
				t.Errorf("%s(%#08x) = %#08x, want the NaN itself", k.name, math.Float32bits(v), math.Float32bits(want[0]))
			}
		}
	}
	inf := float32(math.Inf(1))
	for _, c := range []struct {
		f       func(d, x []float32)
		name    string
		x, want float32
	}{
		{exp32Go, "exp32", 0, 1}, {exp32Go, "exp32", float32(math.Copysign(0, -1)), 1},
		{exp32Go, "exp32", inf, inf}, {exp32Go, "exp32", -inf, 0},
		{exp32Go, "exp32", 89, inf}, {exp32Go, "exp32", 88.72284, inf}, {exp32Go, "exp32", 1e30, inf},
		{exp32Go, "exp32", -104, 0}, {exp32Go, "exp32", -1e30, 0},
		{exp32Go, "exp32", 1, float32(math.E)},
		{exp32Go, "exp32", -103, float32(math.Exp(-103))}, // a denormal, not flushed
		{exp32Go, "exp32", -88, float32(math.Exp(-88))},
		{sigmoid32Go, "sigmoid32", 0, 0.5}, {sigmoid32Go, "sigmoid32", float32(math.Copysign(0, -1)), 0.5},
		{sigmoid32Go, "sigmoid32", inf, 1}, {sigmoid32Go, "sigmoid32", -inf, 0},
		{sigmoid32Go, "sigmoid32", 200, 1}, {sigmoid32Go, "sigmoid32", -200, 0},
		{sigmoid32Go, "sigmoid32", -100, float32(math.Exp(-100))}, // a denormal
		{sigmoid32Go, "sigmoid32", math.MaxFloat32, 1}, {sigmoid32Go, "sigmoid32", -math.MaxFloat32, 0},
	} {
		got := []float32{0}
		c.f(got, []float32{c.x})
		if math.Float32bits(got[0]) != math.Float32bits(c.want) {
			t.Errorf("%s(%v) = %v (%#08x), want %v (%#08x)", c.name, c.x, got[0], math.Float32bits(got[0]), c.want, math.Float32bits(c.want))
		}
	}
}

// exp32Sweep compares the AVX2 kernels with the references on the bit
// patterns start, start+stride, … below 2³², in calls of callLen elements
// (or whole buffers when 0).
func exp32Sweep(t *testing.T, k exp32Kernel, start, stride uint64, callLen int) int {
	t.Helper()
	const bufLen = 1<<16 + 15
	x, want, got := make([]float32, bufLen), make([]float32, bufLen), make([]float32, bufLen)
	count := 0
	for bits := start; bits < 1<<32; {
		n := 0
		for ; n < bufLen && bits < 1<<32; n, bits = n+1, bits+stride {
			x[n] = math.Float32frombits(uint32(bits))
		}
		k.ref(want[:n], x[:n])
		if callLen == 0 {
			k.asm(got[:n], x[:n])
		} else {
			for i := 0; i < n; i += callLen {
				j := min(i+callLen, n)
				k.asm(got[i:j], x[i:j])
			}
		}
		if m := exp32Mismatch(fmt.Sprintf("%s sweep stride %d call length %d", k.name, stride, callLen), got[:n], want[:n], x[:n]); m != "" {
			t.Fatal(m)
		}
		count += n
	}
	return count
}

// TestExp32AVX2Sweep compares the AVX2 kernels with the references on every
// 97th float32 bit pattern through the vector loops, and every 997th through
// the single-vector loop and the scalar tail alone.
func TestExp32AVX2Sweep(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2: the …AVX2 names are the references themselves")
	}
	for _, k := range exp32Kernels {
		n := exp32Sweep(t, k, 0, sweepStride(), 0)
		n += exp32Sweep(t, k, 1, 997, 15)
		n += exp32Sweep(t, k, 2, 997, 7)
		n += exp32Sweep(t, k, 3, 997, 8)
		t.Logf("%s: %d bit patterns identical", k.name, n)
	}
}

// ulpDist32 is the number of float32 values between a and b (0 if equal, 1
// for neighbours), across zero too; both must be finite or equal infinities.
func ulpDist32(a, b float32) int64 {
	ord := func(v float32) int64 {
		u := int64(math.Float32bits(v))
		if u >= 1<<31 {
			return -(u - 1<<31)
		}
		return u
	}
	d := ord(a) - ord(b)
	if d < 0 {
		d = -d
	}
	return d
}

// exp32Accuracy returns the largest ulp distance between the Go reference f
// and want (float64 math rounded to float32) over the bit patterns in
// [lo, hi] (as uint32 ranges of one sign) with the given stride, and where.
func exp32Accuracy(t *testing.T, name string, f func(d, x []float32), want func(float64) float64, ranges [][2]uint32, stride uint32) (int64, float32, int) {
	const bufLen = 1 << 16
	x, got := make([]float32, 0, bufLen), make([]float32, bufLen)
	var worst int64
	var worstX float32
	count := 0
	check := func() {
		f(got[:len(x)], x)
		for i, v := range x {
			w := float32(want(float64(v)))
			g := got[i]
			if math.IsInf(float64(w), 0) || math.IsInf(float64(g), 0) {
				if g != w {
					t.Errorf("%s(%v) = %v, want %v", name, v, g, w)
				}
				continue
			}
			if dist := ulpDist32(g, w); dist > worst {
				worst, worstX = dist, v
			}
		}
		count += len(x)
		x = x[:0]
	}
	for _, r := range ranges {
		for b := uint64(r[0]); b <= uint64(r[1]); b += uint64(stride) {
			x = append(x, math.Float32frombits(uint32(b)))
			if len(x) == bufLen {
				check()
			}
		}
	}
	check()
	return worst, worstX, count
}

// exp32DenseEnv names the environment variable that makes the accuracy
// tests sweep every 7th float32 (about a minute) instead of every 61st.
const exp32DenseEnv = "CHAINRULE_EXP32_DENSE"

// exp32AccuracyStride is the stride of the accuracy sweeps: 61 (a few
// seconds), 7 with CHAINRULE_EXP32_DENSE=1, 997 with -short or -race.
func exp32AccuracyStride() uint32 {
	switch {
	case testing.Short() || raceEnabled:
		return 997
	case os.Getenv(exp32DenseEnv) == "1":
		return 7
	}
	return 61
}

// TestExp32Accuracy measures exp32Go against math.Exp rounded to float32 on
// every 61st float32 in [-104, 89] (37 million values; every 7th, 320
// million, with CHAINRULE_EXP32_DENSE=1), denormal results included: at most
// 1 ulp on both.
func TestExp32Accuracy(t *testing.T) {
	stride := exp32AccuracyStride()
	ranges := [][2]uint32{
		{0, math.Float32bits(89)},            // +0 .. 89
		{0x80000000, math.Float32bits(-104)}, // -0 .. -104
	}
	worst, at, n := exp32Accuracy(t, "exp32", exp32Go, math.Exp, ranges, stride)
	t.Logf("exp32: max error %d ulp (at x = %v) over %d values", worst, at, n)
	if worst > 1 {
		t.Errorf("exp32: max error %d ulp at x = %v, want ≤ 1", worst, at)
	}
}

// TestSigmoid32Accuracy measures sigmoid32Go against Sigmoid64 rounded to
// float32 on every 61st finite float32 (70 million values; every 7th, 611
// million, with CHAINRULE_EXP32_DENSE=1): at most 2 ulps on both.
func TestSigmoid32Accuracy(t *testing.T) {
	stride := exp32AccuracyStride()
	ranges := [][2]uint32{
		{0, 0x7f7fffff},
		{0x80000000, 0xff7fffff},
	}
	worst, at, n := exp32Accuracy(t, "sigmoid32", sigmoid32Go, Sigmoid64, ranges, stride)
	t.Logf("sigmoid32: max error %d ulp (at x = %v) over %d values", worst, at, n)
	if worst > 2 {
		t.Errorf("sigmoid32: max error %d ulp at x = %v, want ≤ 2", worst, at)
	}
}

// TestExp32ShortInputPanics checks that the entry points panic on an input
// shorter than d, even when its capacity would cover len(d), and do not
// allocate.
func TestExp32ShortInputPanics(t *testing.T) {
	d, s := make([]float32, 40), make([]float32, 39, 64)
	for _, k := range exp32Kernels {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with a short input did not panic", k.name)
				}
			}()
			k.entry(d, s)
		}()
		k.entry(d[:3], d)
		if n := testing.AllocsPerRun(10, func() { k.entry(d, d) }); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", k.name, n)
		}
	}
}

// BenchmarkExp32 times the AVX2 kernels (asm), the Go references (go) and
// the former mapKernel over the float64 math.Exp (old) on 256×128 normally
// distributed inputs (σ = 4).
func BenchmarkExp32(b *testing.B) {
	const n = 256 * 128
	rng := rand.New(rand.NewSource(23))
	d, x := make([]float32, n), make([]float32, n)
	for i := range x {
		x[i] = float32(4 * rng.NormFloat64())
	}
	for _, c := range []struct {
		name            string
		asm, goRef, old func(d, x []float32)
	}{
		{"exp32", exp32AVX2, exp32Go, mapKernel(exp32)},
		{"sigmoid32", sigmoid32AVX2, sigmoid32Go, mapKernel(sigmoid32)},
	} {
		for _, im := range []struct {
			name string
			f    func(d, x []float32)
		}{{"asm", c.asm}, {"go", c.goRef}, {"old", c.old}} {
			b.Run(c.name+"/"+im.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(8 * n))
				for b.Loop() {
					im.f(d, x)
				}
			})
		}
	}
}

// sweepStride is the stride of the main bit-pattern sweeps: every 97th
// pattern, every 997th under the race detector.
func sweepStride() uint64 {
	if raceEnabled {
		return 997
	}
	return 97
}

// exp32 and sigmoid32 are the former float32 kernels, one float64
// math.Exp an element, kept as the baseline of the benchmarks.
func exp32(v float32) float32 { return float32(math.Exp(float64(v))) }

func sigmoid32(v float32) float32 { return float32(Sigmoid64(float64(v))) }

// mapKernel is ops' slice kernel of a scalar function, the baseline of the
// benchmarks.
func mapKernel(f func(float32) float32) func(d, x []float32) {
	return func(d, x []float32) {
		x = x[:len(d)]
		for i, v := range x {
			d[i] = f(v)
		}
	}
}
