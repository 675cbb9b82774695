// Command neuron works the lecture's two-node layer by hand and by autodiff.
//
// Inputs 1.0 and 0.5, weights w11 = 0.9, w21 = 0.3 into node 1 and w12 = 0.2,
// w22 = 0.8 into node 2: the weighted sums are 1.05 and 0.6 (X = W·I, no
// for-loops), the sigmoid outputs 0.740775 and 0.645656. With targets 0.3
// and 0.9 (our choice; the slide gives none) and E = ½Σ(t − o)², the slide's
// hand-derived ∂E/∂w_jk = −(t_k − o_k)·o_k(1 − o_k)·o_j is compared with the
// gradient autodiff derives.
//
//	go run ./examples/neuron
package main

import (
	"fmt"
	"io"
	"math"
	"os"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "neuron:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	g := graph.New()
	I := g.Input("I", tensor.Float64, 2, 1)
	T := g.Input("t", tensor.Float64, 2, 1)
	// Row k of W holds the weights into node k: [[w11, w21], [w12, w22]].
	W := g.Param("W", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0.9, 0.3, 0.2, 0.8})))
	X := ops.MatMul(W, I)
	O := ops.Sigmoid(X)
	E := ops.Mul(g.Scalar(0.5), ops.Sum(ops.Square(ops.Sub(T, O))))
	dW, err := autodiff.Grad(E, W)
	if err != nil {
		return err
	}
	prog, err := graph.Compile(X, O, E, dW[0])
	if err != nil {
		return err
	}
	in, tg := []float64{1.0, 0.5}, []float64{0.3, 0.9}
	err = prog.Run(graph.Feeds{
		I: tensor.New(tensor.WithShape(2, 1), tensor.WithBacking(in)),
		T: tensor.New(tensor.WithShape(2, 1), tensor.WithBacking(tg)),
	})
	if err != nil {
		return err
	}
	x, o := prog.Value(X).Float64s(), prog.Value(O).Float64s()
	fmt.Fprintf(w, "forward:  x = W·I = [%.2f %.2f]   o = sigmoid(x) = [%.6f %.6f]\n", x[0], x[1], o[0], o[1])
	fmt.Fprintf(w, "error:    E = ½Σ(t − o)² = %.6f  (t = [%.1f %.1f])\n", prog.Value(E).Float64s()[0], tg[0], tg[1])
	auto := prog.Value(dW[0]).Float64s()
	worst := 0.0
	fmt.Fprintln(w, "∂E/∂w_jk     autodiff            by hand")
	for k := 0; k < 2; k++ {
		for j := 0; j < 2; j++ {
			hand := -(tg[k] - o[k]) * o[k] * (1 - o[k]) * in[j]
			a := auto[k*2+j]
			worst = math.Max(worst, math.Abs(a-hand))
			fmt.Fprintf(w, "  w%d%d     %+.15f  %+.15f\n", j+1, k+1, a, hand)
		}
	}
	fmt.Fprintf(w, "largest difference: %.3g\n", worst)
	return nil
}
