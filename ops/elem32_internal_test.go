package ops

import (
	"math"
	"testing"
)

// The float32 SiLU and GELUTanh kernels, on the float32 sigmoid and tanh,
// against their float64 forms on 2¹⁸ points over [-12, 12], also run in
// place (d = x): SiLU within 4 float32 ulps of the rounded float64 value;
// GELUTanh within 1e-6 absolute plus 2e-6 relative (1 + tanh cancels for
// negative x, where the float32 tanh's 4e-7 error is relatively large).
func TestSiLUGELUTanh32Accuracy(t *testing.T) {
	const n = 1 << 18
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(-12 + 24*float64(i)/n)
	}
	for _, c := range []struct {
		name string
		k    func(d, x []float32)
		ref  func(float64) float64
		ok   func(got float32, want float64) bool
	}{
		{"SiLU", silu32K, silu64, func(g float32, w float64) bool { return ulpDist32(g, float32(w)) <= 4 }},
		{"GELUTanh", geluTanh32K, geluTanh64, func(g float32, w float64) bool {
			return math.Abs(float64(g)-w) <= 1e-6+2e-6*math.Abs(w)
		}},
	} {
		d := make([]float32, n)
		c.k(d, x)
		in := append([]float32(nil), x...)
		c.k(in, in)
		worst, at := 0.0, 0
		for i, v := range x {
			w := c.ref(float64(v))
			if e := math.Abs(float64(d[i]) - w); e > worst {
				worst, at = e, i
			}
			if !c.ok(d[i], w) {
				t.Fatalf("%s(%g) = %g, want %g", c.name, v, d[i], w)
			}
			if math.Float32bits(in[i]) != math.Float32bits(d[i]) {
				t.Fatalf("%s in place at %g: %g, out of place %g", c.name, v, in[i], d[i])
			}
		}
		t.Logf("%s: worst absolute error %.3g at x = %g", c.name, worst, x[at])
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
