package solvers

import "testing"

func TestRMSPropStep(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    RMSProp
		tc   steps
	}{
		{
			// ρ 0.99, ε 1e-8, α 0.01, w₀ = 1.
			// g₁ = 2: v = 0.01·4 = 0.04, √v = 0.2,
			// w₁ = 1 − 0.01·2/(0.2 + 1e-8) = 1 − 0.1/(1 + 5e-8) = 0.900000005.
			// g₂ = 1: v = 0.99·0.04 + 0.01·1 = 0.0496, √v = 0.2227105745,
			// w₂ = 0.900000005 − 0.01/0.2227105845 = 0.900000005 − 0.0449013235
			// = 0.8550986815.
			name: "two steps",
			tc:   steps{w0: []float64{1}, grads: [][]float64{{2}, {1}}, want: [][]float64{{0.900000005}, {0.8550986815}}, tol: 1e-10},
		},
		{
			// ρ 0.75, ε 0.5, w₀ = (0, 1), g = (4, −2):
			// v = 0.25·(16, 4) = (4, 1), √v = (2, 1),
			// w = (0 − 0.01·4/2.5, 1 + 0.01·2/1.5) = (−0.016, 1.0133333333333).
			name: "rho eps",
			r:    RMSProp{Rho: 0.75, Eps: 0.5},
			tc:   steps{w0: []float64{0, 1}, grads: [][]float64{{4, -2}}, want: [][]float64{{-0.016, 1 + 0.02/1.5}}},
		},
	} {
		runBoth(t, tc.name, func() Solver {
			r := tc.r
			r.LR = 0.01
			return &r
		}, tc.tc)
	}
}
