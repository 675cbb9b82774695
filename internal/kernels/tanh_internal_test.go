package kernels

import (
	"math"
	"testing"
)

// The float32 kernel agrees with math.Tanh (rounded to float32 it differs by
// at most a few ulps) over [−20, 20], keeps NaN and saturates at ±1.
func TestTanh32Accuracy(t *testing.T) {
	const n = 4000000
	x, d := make([]float32, n+1), make([]float32, n+1)
	for i := range x {
		x[i] = float32(i-n/2) / 100000
	}
	Tanh32(d, x)
	worst := 0.0
	for i, v := range x {
		ref := math.Tanh(float64(v))
		if e := math.Abs(float64(d[i])-ref) / math.Max(1e-30, math.Abs(ref)); e > worst {
			worst = e
		}
	}
	if worst > 5e-7 {
		t.Errorf("worst relative error %g, want ≤ 5e-7", worst)
	}
	s := []float32{float32(math.NaN()), 100, -100, float32(math.Inf(1))}
	Tanh32(s, s)
	near := func(v float32, want float64) bool { return math.Abs(float64(v)-want) <= 3e-7 }
	if !math.IsNaN(float64(s[0])) || !near(s[1], 1) || !near(s[2], -1) || !near(s[3], 1) {
		t.Errorf("special values: %v", s)
	}
}
