package solvers

import (
	"math"
	"testing"
)

func TestScheduleRate(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Schedule
		want []float64 // rates of steps 0, 1, 2, ...
	}{
		{"constant", Constant(0.5), []float64{0.5, 0.5, 0.5}},
		// ×0.5 every 2 steps: 1, 1, 0.5, 0.5, 0.25.
		{"step decay", StepDecay{Initial: 1, Gamma: 0.5, Every: 2}, []float64{1, 1, 0.5, 0.5, 0.25}},
		// Gamma 0 means 0.1: 2, 2, 2, 0.2, 0.2, 0.2, 0.02.
		{"step decay default gamma", StepDecay{Initial: 2, Every: 3}, []float64{2, 2, 2, 0.2, 0.2, 0.2, 0.02}},
		// 2·0.5^k: 2, 1, 0.5, 0.25.
		{"exponential", Exponential{Initial: 2, Gamma: 0.5}, []float64{2, 1, 0.5, 0.25}},
	} {
		for k, want := range tc.want {
			if got := tc.s.Rate(k); math.Abs(got-want) > 1e-15 {
				t.Errorf("%s: Rate(%d) = %v, want %v", tc.name, k, got, want)
			}
		}
	}
	for _, s := range []Schedule{StepDecay{Initial: 1}, StepDecay{Initial: 1, Every: -1}, StepDecay{Initial: 1, Gamma: -1, Every: 1}, Exponential{Initial: 1, Gamma: -0.5}} {
		if r := s.Rate(1); !math.IsNaN(r) {
			t.Errorf("%#v.Rate(1) = %v, want NaN", s, r)
		}
	}
}

// TestScheduleSGD runs SGD with each schedule on w₀ = 0 and g = 1 at every
// step, so that w after n steps is −Σ Rate(k) for k < n.
func TestScheduleSGD(t *testing.T) {
	ones := [][]float64{{1}, {1}, {1}, {1}}
	for _, tc := range []struct {
		name string
		s    Schedule
		want [][]float64
	}{
		// −0.25 per step.
		{"constant", Constant(0.25), [][]float64{{-0.25}, {-0.5}, {-0.75}, {-1}}},
		// Rates 1, 1, 0.5, 0.5: −1, −2, −2.5, −3.
		{"step decay", StepDecay{Initial: 1, Gamma: 0.5, Every: 2}, [][]float64{{-1}, {-2}, {-2.5}, {-3}}},
		// Rates 1, 0.5, 0.25, 0.125: −1, −1.5, −1.75, −1.875.
		{"exponential", Exponential{Initial: 1, Gamma: 0.5}, [][]float64{{-1}, {-1.5}, {-1.75}, {-1.875}}},
	} {
		runBoth(t, tc.name, func() Solver { return &SGD{Options: Options{Schedule: tc.s}} },
			steps{w0: []float64{0}, grads: ones, want: tc.want})
	}
}
