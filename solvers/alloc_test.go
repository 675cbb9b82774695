package solvers

import (
	"testing"

	"gorgonia.org/tensor"
)

// allSolvers returns one of each solver with every option in use.
func allSolvers() map[string]Solver {
	o := Options{Schedule: Exponential{Initial: 0.01, Gamma: 0.99}, WeightDecay: 0.01, ClipValue: 1, ClipNorm: 2}
	return map[string]Solver{
		"SGD":      &SGD{Options: o},
		"Momentum": &Momentum{Options: o},
		"Nesterov": &Momentum{Options: o, Nesterov: true},
		"Adam":     &Adam{Options: o},
		"RMSProp":  &RMSProp{Options: o},
		"Adagrad":  &Adagrad{Options: o},
	}
}

// TestStepAllocs checks that a steady-state Step allocates nothing, for a
// mix of float64 and float32 parameters.
func TestStepAllocs(t *testing.T) {
	for name, s := range allSolvers() {
		params := ts(vec[float64](1, 2, 3), vec[float32](-1, 0.5), tensor.New(tensor.FromScalar(2.0)))
		grads := ts(vec[float64](0.5, -3, 1), vec[float32](2, 0.1), tensor.New(tensor.FromScalar(-1.0)))
		if err := s.Step(params, grads); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var err error
		if n := testing.AllocsPerRun(100, func() { err = s.Step(params, grads) }); n != 0 || err != nil {
			t.Errorf("%s: %v allocations per Step (error %v), want 0", name, n, err)
		}
	}
}

func benchmarkStep(b *testing.B, s Solver, n int) {
	w, g := make([]float64, n), make([]float64, n)
	for i := range g {
		g[i] = float64(i%7) - 3
	}
	params := ts(tensor.New(tensor.WithShape(n), tensor.WithBacking(w)))
	grads := ts(tensor.New(tensor.WithShape(n), tensor.WithBacking(g)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Step(params, grads); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSGD1e4(b *testing.B)  { benchmarkStep(b, &SGD{Options: Options{LR: 1e-3}}, 1e4) }
func BenchmarkAdam1e4(b *testing.B) { benchmarkStep(b, &Adam{Options: Options{LR: 1e-3}}, 1e4) }
