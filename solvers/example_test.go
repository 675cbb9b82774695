package solvers_test

import (
	"fmt"

	"github.com/chainrule/chainrule/solvers"
	"gorgonia.org/tensor"
)

// descend runs epochs steps of s on the lecture's e(w) = w⁴ − 27w² + 14w + 120
// from w0 and returns the landing point.
func descend(s solvers.Solver, w0 float64, epochs int) float64 {
	w := tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{w0}))
	g := tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{0}))
	x, dx := w.Float64s(), g.Float64s()
	for range epochs {
		dx[0] = 4*x[0]*x[0]*x[0] - 54*x[0] + 14 // de/dw
		if err := s.Step([]*tensor.Dense{w}, []*tensor.Dense{g}); err != nil {
			panic(err)
		}
	}
	return x[0]
}

// e is the lecture's error function.
func e(w float64) float64 { return w*w*w*w - 27*w*w + 14*w + 120 }

// ExampleSGD is the lecture's descent, w ← w − α·de/dw with α = 0.001: from
// w₀ = −5 it lands in the global minimum, from w₀ = 5 in the local one.
func ExampleSGD() {
	for _, w0 := range []float64{-5, 5} {
		w := descend(&solvers.SGD{Options: solvers.Options{LR: 0.001}}, w0, 1000)
		fmt.Printf("w0 = %2v: w = %.4f, e(w) = %.4f\n", w0, w, e(w))
	}
	// Output:
	// w0 = -5: w = -3.7976, e(w) = -114.5667
	// w0 =  5: w = 3.5370, e(w) = -11.7526
}

// ExampleMomentum shows momentum carrying w over the maximum at 0.2606 into
// the global minimum, where plain gradient descent with the same rate stops
// in the local minimum.
func ExampleMomentum() {
	sgd := descend(&solvers.SGD{Options: solvers.Options{LR: 0.01}}, 5, 1000)
	mom := descend(&solvers.Momentum{Options: solvers.Options{LR: 0.01}, Mu: 0.9}, 5, 1000)
	fmt.Printf("SGD:      w = %.4f\nMomentum: w = %.4f\n", sgd, mom)
	// Output:
	// SGD:      w = 3.5370
	// Momentum: w = -3.7976
}

// ExampleAdam minimises the Rosenbrock function f(x, y) = (1 − x)² +
// 100(y − x²)² from (−1.5, 2), updating a float32 parameter. A decaying rate
// lets it settle where float32 rounding would otherwise keep it moving.
func ExampleAdam() {
	w := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{-1.5, 2}))
	g := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{0, 0}))
	p, d := w.Float32s(), g.Float32s()
	adam := &solvers.Adam{Options: solvers.Options{Schedule: solvers.Exponential{Initial: 0.01, Gamma: 0.9998}}}
	for range 10000 {
		x, y := p[0], p[1]
		d[0] = -2*(1-x) - 400*x*(y-x*x)
		d[1] = 200 * (y - x*x)
		if err := adam.Step([]*tensor.Dense{w}, []*tensor.Dense{g}); err != nil {
			panic(err)
		}
	}
	fmt.Printf("after %d steps: (%.4f, %.4f)\n", adam.Steps(), p[0], p[1])
	// Output:
	// after 10000 steps: (1.0000, 1.0000)
}

// ExampleStepDecay prints the rates of a schedule that halves every 2 steps.
func ExampleStepDecay() {
	s := solvers.StepDecay{Initial: 0.1, Gamma: 0.5, Every: 2}
	for k := range 6 {
		fmt.Printf("%g ", s.Rate(k))
	}
	fmt.Println()
	// Output:
	// 0.1 0.1 0.05 0.05 0.025 0.025
}

// ExampleOptions shows gradient clipping by global norm: the gradients
// (6, 0) and (8) have norm 10, so ClipNorm 5 halves them. The gradients
// themselves are left as they were.
func ExampleOptions() {
	a := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0, 0}))
	b := tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{0}))
	ga := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{6, 0}))
	gb := tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{8}))
	s := &solvers.SGD{Options: solvers.Options{LR: 1, ClipNorm: 5}}
	if err := s.Step([]*tensor.Dense{a, b}, []*tensor.Dense{ga, gb}); err != nil {
		panic(err)
	}
	fmt.Println(a.Float64s(), b.Float64s(), ga.Float64s(), gb.Float64s())

	s.LR = 0
	fmt.Println(s.Step([]*tensor.Dense{a, b}, []*tensor.Dense{ga, gb}))
	// Output:
	// [-3 0] [-4] [6 0] [8]
	// solvers: learning rate not set: set LR or Schedule
}
