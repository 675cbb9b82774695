package solvers

import (
	"math"
	"testing"
)

// rosenbrock runs n steps of s on f(x, y) = (1 − x)² + 100(y − x²)² from
// (−1.5, 2) in T's precision and returns the final (x, y). The gradient, by
// hand: ∂f/∂x = −2(1 − x) − 400x(y − x²), ∂f/∂y = 200(y − x²).
func rosenbrock[T float32 | float64](s Solver, n int) ([]float64, error) {
	w, g := vec[T](-1.5, 2), vec[T](0, 0)
	p, d := backingOf[T](w), backingOf[T](g)
	for range n {
		x, y := p[0], p[1]
		d[0] = -2*(1-x) - 400*x*(y-x*x)
		d[1] = 200 * (y - x*x)
		if err := s.Step(ts(w), ts(g)); err != nil {
			return nil, err
		}
	}
	return values(w), nil
}

// lecture runs n steps of s on the lecture's e(w) = w⁴ − 27w² + 14w + 120
// from w0, with de/dw = 4w³ − 54w + 14, and returns the final w.
func lecture[T float32 | float64](s Solver, w0 float64, n int) (float64, error) {
	w, g := vec[T](w0), vec[T](0)
	p, d := backingOf[T](w), backingOf[T](g)
	for range n {
		d[0] = 4*p[0]*p[0]*p[0] - 54*p[0] + 14
		if err := s.Step(ts(w), ts(g)); err != nil {
			return 0, err
		}
	}
	return float64(p[0]), nil
}

// TestRosenbrock checks that every solver takes the Rosenbrock function from
// (−1.5, 2) to within 1e-4 of its minimum (1, 1). The rates and step counts
// were tuned by hand. The Hessian at (1, 1), [[802, −400], [−400, 200]], has
// eigenvalues ≈ 1001.6 and 0.4, so SGD is stable there only for
// α < 2/1001.6 ≈ 2e-3 (α = 3e-3 diverges) and then crawls along the valley at
// a rate set by 0.4·α: hence 30000 steps. RMSProp with a constant rate ends in
// a limit cycle of amplitude about α, hence its step decay.
func TestRosenbrock(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    func() Solver
		n    int
	}{
		{"SGD α=1e-3", func() Solver { return &SGD{Options: Options{LR: 1e-3}} }, 30000},
		{"Momentum α=3e-4", func() Solver { return &Momentum{Options: Options{LR: 3e-4}} }, 10000},
		{"Nesterov α=3e-4", func() Solver { return &Momentum{Options: Options{LR: 3e-4}, Nesterov: true} }, 10000},
		{"Adam α=1e-2", func() Solver { return &Adam{Options: Options{LR: 1e-2}} }, 10000},
		{"RMSProp α=1e-3×0.1 every 4000", func() Solver {
			return &RMSProp{Options: Options{Schedule: StepDecay{Initial: 1e-3, Every: 4000}}}
		}, 20000},
		{"Adagrad α=0.3", func() Solver { return &Adagrad{Options: Options{LR: 0.3}} }, 30000},
	} {
		got, err := rosenbrock[float64](tc.s(), tc.n)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		assertClose(t, tc.name, got, []float64{1, 1}, 1e-4)
	}
}

// TestLecture checks that every solver descends the lecture's e(w) from
// w₀ = −5 to the global minimum −3.797583 and from w₀ = 5 to the local
// minimum 3.537014, within 1e-4, in 1000 epochs, in float64 and float32.
func TestLecture(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    func() Solver
	}{
		{"SGD α=0.001", func() Solver { return &SGD{Options: Options{LR: 0.001}} }},
		{"Momentum α=0.001", func() Solver { return &Momentum{Options: Options{LR: 0.001}} }},
		{"Nesterov α=0.001", func() Solver { return &Momentum{Options: Options{LR: 0.001}, Nesterov: true} }},
		{"Adam α=0.1", func() Solver { return &Adam{Options: Options{LR: 0.1}} }},
		{"RMSProp α=0.01", func() Solver { return &RMSProp{Options: Options{LR: 0.01}} }},
		{"Adagrad α=1", func() Solver { return &Adagrad{Options: Options{LR: 1}} }},
	} {
		for _, c := range []struct{ w0, want float64 }{{-5, -3.797583}, {5, 3.537014}} {
			for _, f32 := range []bool{false, true} {
				var got float64
				var err error
				if f32 {
					got, err = lecture[float32](tc.s(), c.w0, 1000)
				} else {
					got, err = lecture[float64](tc.s(), c.w0, 1000)
				}
				if err != nil || math.Abs(got-c.want) > 1e-4 {
					t.Errorf("%s from %v (float32 %v): w = %.7f, want %v (error %v)", tc.name, c.w0, f32, got, c.want, err)
				}
			}
		}
	}
}
