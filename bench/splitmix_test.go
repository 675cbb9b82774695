package bench

import (
	"math"
	"testing"
)

// splitMix is SplitMix64 (Steele, Lea and Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014; Vigna's splitmix64.c), the
// generator the Go and Python sides of the benchmarks share bit for bit
// (bench/peers.py has the same few lines):
//
//	state += 0x9e3779b97f4a7c15
//	z = state
//	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
//	z = (z ^ z>>27) * 0x94d049bb133111eb
//	return z ^ z>>31
//
// all modulo 2⁶⁴. Float64 is the top 53 bits times 2⁻⁵³, in [0, 1); IntN(n)
// is the output modulo n (biased by under n/2⁶⁴). float32 data are the
// float64 values rounded to nearest.
type splitMix struct{ state uint64 }

// Uint64 returns the next 64 bits.
func (r *splitMix) Uint64() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Float64 returns a value in [0, 1) from the top 53 bits.
func (r *splitMix) Float64() float64 { return float64(r.Uint64()>>11) * 0x1p-53 }

// IntN returns the next output modulo n, n > 0.
func (r *splitMix) IntN(n int) int { return int(r.Uint64() % uint64(n)) }

// uniform returns n values s·(2u − 1), u from Float64: uniform in [−s, s).
func (r *splitMix) uniform(n int, s float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = s * (2*r.Float64() - 1)
	}
	return v
}

// TestSplitMix checks the generator against values computed by two
// independent implementations: Vigna's splitmix64.c (compiled with gcc) and
// the JDK's java.util.SplittableRandom (whose nextLong is SplitMix64 with
// the same constants and nextDouble the top 53 bits times 2⁻⁵³). Seed 0's
// first output, 0xe220a8397b1dcdaf, is the value published with
// splitmix64.c. bench/peers.py asserts the same values.
func TestSplitMix(t *testing.T) {
	for _, c := range []struct {
		seed uint64
		u64  [3]uint64
		f64  [3]float64
	}{
		{0, [3]uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f},
			[3]float64{0.8833108082136426, 0.43152799704850997, 0.026433771592597743}},
		{42, [3]uint64{0xbdd732262feb6e95, 0x28efe333b266f103, 0x47526757130f9f52},
			[3]float64{0.7415648787718233, 0.1599103928769201, 0.27860113025513866}},
		{43, [3]uint64{0xba69ec90eb4fef88, 0x9cde98852e60034b, 0x6ec624aa85685867},
			[3]float64{0.7281787732893573, 0.6127715420865343, 0.43271092570412983}},
		{44, [3]uint64{0xfb452912299a5453, 0x90f83af9167b6122, 0x6394fb00725dccd5},
			[3]float64{0.9815240544645374, 0.5662876947521744, 0.3889920116511042}},
	} {
		r, f := splitMix{c.seed}, splitMix{c.seed}
		for i := range 3 {
			if got := r.Uint64(); got != c.u64[i] {
				t.Errorf("seed %d output %d: %#016x, want %#016x", c.seed, i, got, c.u64[i])
			}
			if got := f.Float64(); got != c.f64[i] {
				t.Errorf("seed %d Float64 %d: %.17g, want %.17g", c.seed, i, got, c.f64[i])
			}
		}
	}
	// 0.05·(2u − 1) from seed 42 rounded to float32 (gcc: (float) of the
	// double), and the first IntN(10) from seed 42 (13679457532755275413 mod 10).
	r := splitMix{42}
	for i, want := range []uint32{0x3cc5e3d4, 0xbd0b4cfb, 0xbcb55eb5} {
		if got := math.Float32bits(float32(r.uniform(1, 0.05)[0])); got != want {
			t.Errorf("seed 42 float32 %d: %#08x, want %#08x", i, got, want)
		}
	}
	if r := (splitMix{42}); r.IntN(10) != 3 {
		t.Errorf("seed 42 IntN(10) is not 3")
	}
}
