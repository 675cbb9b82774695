// Command descent runs the lecture's gradient descent on
// e(w) = w⁴ − 27w² + 14w + 120 with the derivative autodiff derives,
// w_{n+1} = w_n − α·e'(w_n), from several starting points, and finds the
// three roots of e'(w) by Newton's method with autodiff's second derivative.
//
//	go run ./examples/descent
package main

import (
	"fmt"
	"io"
	"os"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "descent:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	g := graph.New()
	w := g.Param("w", tensor.New(tensor.FromScalar(0.0)))
	// e(w) = w⁴ − 27w² + 14w + 120
	e := ops.Add(ops.Add(ops.Sub(ops.Pow(w, 4), ops.Mul(g.Scalar(27), ops.Square(w))), ops.Mul(g.Scalar(14), w)), g.Scalar(120))
	d1, err := autodiff.Grad(e, w) // 4w³ − 54w + 14
	if err != nil {
		return err
	}
	d2, err := autodiff.Grad(d1[0], w) // 12w² − 54
	if err != nil {
		return err
	}
	prog, err := graph.Compile(e, d1[0], d2[0])
	if err != nil {
		return err
	}
	wv := w.Value().Float64s()
	eval := func(x float64) (ev, g1, g2 float64, err error) {
		wv[0] = x
		if err = prog.Exec(); err != nil {
			return
		}
		return prog.Value(e).Float64s()[0], prog.Value(d1[0]).Float64s()[0], prog.Value(d2[0]).Float64s()[0], nil
	}

	const alpha, epochs = 0.001, 2000
	fmt.Fprintf(out, "gradient descent, α = %g, %d epochs\n", alpha, epochs)
	fmt.Fprintln(out, "    w₀      lands at     e(w)       e'(w)")
	for _, w0 := range []float64{-6, -2, 0, 0.5, 2, 6} {
		x := w0
		for n := 0; n < epochs; n++ {
			_, g1, _, err := eval(x)
			if err != nil {
				return err
			}
			x -= alpha * g1 // new w = old w − α·∂e/∂w
		}
		ev, g1, _, err := eval(x)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %5.1f  %10.4f  %10.4f  %10.2g\n", w0, x, ev, g1)
	}

	fmt.Fprintln(out, "roots of e'(w) = 4w³ − 54w + 14 (Newton with e''(w) = 12w² − 54):")
	for _, start := range []float64{-4, 0, 4} {
		x := start
		for n := 0; n < 50; n++ {
			_, g1, g2, err := eval(x)
			if err != nil {
				return err
			}
			x -= g1 / g2
		}
		ev, _, g2, err := eval(x)
		if err != nil {
			return err
		}
		kind := "minimum"
		if g2 < 0 {
			kind = "maximum"
		}
		fmt.Fprintf(out, "  w = %9.6f  e = %10.4f  (%s)\n", x, ev, kind)
	}
	return nil
}
