package solvers

import "testing"

func TestMomentumStep(t *testing.T) {
	// Every case: w₀ = 1, α = 0.1, gradients 2 then 1, μ = 0.9 (the default).
	grads := [][]float64{{2}, {1}}
	for _, tc := range []struct {
		name string
		m    Momentum
		want [][]float64
	}{
		{
			// b₁ = g₁ = 2, w₁ = 1 − 0.1·2 = 0.8;
			// b₂ = 0.9·2 + 1 = 2.8, w₂ = 0.8 − 0.1·2.8 = 0.52.
			name: "classical",
			want: [][]float64{{0.8}, {0.52}},
		},
		{
			// b₁ = 2, w₁ = 1 − 0.1·(2 + 0.9·2) = 1 − 0.38 = 0.62;
			// b₂ = 2.8, w₂ = 0.62 − 0.1·(1 + 0.9·2.8) = 0.62 − 0.352 = 0.268.
			name: "nesterov",
			m:    Momentum{Nesterov: true},
			want: [][]float64{{0.62}, {0.268}},
		},
		{
			// Dampening 0.5: b₁ = g₁ = 2 (undampened), w₁ = 0.8;
			// b₂ = 0.9·2 + 0.5·1 = 2.3, w₂ = 0.8 − 0.23 = 0.57.
			name: "dampening",
			m:    Momentum{Dampening: 0.5},
			want: [][]float64{{0.8}, {0.57}},
		},
		{
			// μ = 0.5: b₂ = 0.5·2 + 1 = 2, w₂ = 0.8 − 0.2 = 0.6.
			name: "mu 0.5",
			m:    Momentum{Mu: 0.5},
			want: [][]float64{{0.8}, {0.6}},
		},
	} {
		runBoth(t, tc.name, func() Solver {
			m := tc.m
			m.LR = 0.1
			return &m
		}, steps{w0: []float64{1}, grads: grads, want: tc.want})
	}
}
