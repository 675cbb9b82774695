package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The batch-norm kernels agree with the formulas summed naively in
// float64 (to 1e-12), and give the same bits whether the channels are
// computed at once or in parts, as ops splits them across cores.
func TestBatchNormKernels(t *testing.T) {
	const n, c, hw, eps = 5, 7, 6, 1e-5
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(k int, lo, hi float64) []float64 {
		v := make([]float64, k)
		for i := range v {
			v[i] = lo + (hi-lo)*rng.Float64()
		}
		return v
	}
	x, dy := rnd(n*c*hw, -2, 3), rnd(n*c*hw, -1, 1)
	gamma, beta := rnd(c, 0.5, 1.5), rnd(c, -1, 1)
	m := float64(n * hw)
	at := func(i, ch, j int) int { return (i*c+ch)*hw + j }

	// Naive reference.
	mu, vr, y, r0, r1, dx := make([]float64, c), make([]float64, c), make([]float64, len(x)), make([]float64, c), make([]float64, c), make([]float64, len(x))
	for ch := 0; ch < c; ch++ {
		for i := 0; i < n; i++ {
			for j := 0; j < hw; j++ {
				mu[ch] += x[at(i, ch, j)] / m
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < hw; j++ {
				d := x[at(i, ch, j)] - mu[ch]
				vr[ch] += d * d / m
			}
		}
		s := 1 / math.Sqrt(vr[ch]+eps)
		for i := 0; i < n; i++ {
			for j := 0; j < hw; j++ {
				k := at(i, ch, j)
				xh := (x[k] - mu[ch]) * s
				y[k] = xh*gamma[ch] + beta[ch]
				r0[ch] += dy[k] * xh
				r1[ch] += dy[k]
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < hw; j++ {
				k := at(i, ch, j)
				xh := (x[k] - mu[ch]) * s
				dx[k] = gamma[ch] * s / m * (m*dy[k] - r1[ch] - xh*r0[ch])
			}
		}
	}

	run := func(parts [][2]int) (st, yy, r, g []float64) {
		st, yy, r, g = make([]float64, 2*c), make([]float64, len(x)), make([]float64, 2*c), make([]float64, len(x))
		for _, p := range parts {
			BatchNormStats(st, x, n, c, hw, p[0], p[1])
		}
		for _, p := range parts {
			BatchNormApply(yy, x, st, gamma, beta, eps, n, c, hw, p[0], p[1])
			BatchNormReduce(r, x, dy, st, eps, n, c, hw, p[0], p[1])
		}
		for _, p := range parts {
			BatchNormInputGrad(g, x, dy, st, gamma, r, eps, n, c, hw, p[0], p[1])
		}
		return
	}
	st, yy, r, g := run([][2]int{{0, c}})
	close := func(what string, got, want []float64) {
		t.Helper()
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12*max(1, math.Abs(want[i])) {
				t.Fatalf("%s[%d] = %.17g, want %.17g", what, i, got[i], want[i])
			}
		}
	}
	close("mean", st[:c], mu)
	close("var", st[c:], vr)
	close("y", yy, y)
	close("Σdy·x̂", r[:c], r0)
	close("Σdy", r[c:], r1)
	close("dx", g, dx)

	st2, yy2, rr2, g2 := run([][2]int{{4, 7}, {0, 1}, {1, 4}})
	for i, pair := range [][2][]float64{{st, st2}, {yy, yy2}, {r, rr2}, {g, g2}} {
		for j := range pair[0] {
			if math.Float64bits(pair[0][j]) != math.Float64bits(pair[1][j]) {
				t.Fatalf("result %d [%d]: %v in parts, %v at once", i, j, pair[1][j], pair[0][j])
			}
		}
	}
}
