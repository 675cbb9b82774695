package solvers

import "testing"

func TestAdagradStep(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Adagrad
		tc   steps
	}{
		{
			// ε 1e-10, α 0.1, w₀ = 1.
			// g₁ = 2: s = 4, w₁ = 1 − 0.1·2/(2 + 1e-10) = 0.900000000005.
			// g₂ = 1: s = 5, w₂ = w₁ − 0.1/(√5 + 1e-10) = w₁ − 0.04472135955
			// = 0.85527864046.
			name: "two steps",
			tc:   steps{w0: []float64{1}, grads: [][]float64{{2}, {1}}, want: [][]float64{{0.900000000005}, {0.85527864046}}, tol: 1e-10},
		},
		{
			// InitialAccumulator 0.1, g = 2: s = 4.1, √s = 2.0248456731,
			// w = 1 − 0.2/2.0248456731 = 1 − 0.0987729597 = 0.9012270403.
			name: "initial accumulator",
			a:    Adagrad{InitialAccumulator: 0.1},
			tc:   steps{w0: []float64{1}, grads: [][]float64{{2}}, want: [][]float64{{0.9012270403}}, tol: 1e-10},
		},
		{
			// ε 1, w₀ = (0, 0), g = (3, −1): s = (9, 1),
			// w = (−0.1·3/4, 0.1·1/2) = (−0.075, 0.05).
			name: "eps",
			a:    Adagrad{Eps: 1},
			tc:   steps{w0: []float64{0, 0}, grads: [][]float64{{3, -1}}, want: [][]float64{{-0.075, 0.05}}},
		},
	} {
		runBoth(t, tc.name, func() Solver {
			a := tc.a
			a.LR = 0.1
			return &a
		}, tc.tc)
	}
}
