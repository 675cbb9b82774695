package autodiff_test

import (
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// The lecture's e(w) = w⁴ − 27w² + 14w + 120: autodiff derives
// e'(w) = 4w³ − 54w + 14, and Grad of that gives e”(w) = 12w² − 54.
func ExampleGrad() {
	g := graph.New()
	w := g.Param("w", tensor.New(tensor.FromScalar(2.0)))
	e := ops.Add(ops.Add(ops.Sub(ops.Pow(w, 4), ops.Mul(g.Scalar(27), ops.Square(w))), ops.Mul(g.Scalar(14), w)), g.Scalar(120))
	d1, err := autodiff.Grad(e, w)
	if err != nil {
		fmt.Println(err)
		return
	}
	d2, err := autodiff.Grad(d1[0], w)
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, err := graph.Compile(e, d1[0], d2[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := prog.Exec(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("e(2)   =", prog.Value(e).Float64s()[0])
	fmt.Println("e'(2)  =", prog.Value(d1[0]).Float64s()[0])
	fmt.Println("e''(2) =", prog.Value(d2[0]).Float64s()[0])
	// Output:
	// e(2)   = 56
	// e'(2)  = -62
	// e''(2) = -6
}

// CheckGrad compares autodiff with central differences on a user's graph.
func ExampleCheckGrad() {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 3)
	w := g.Param("w", tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{0.5, -1, 2})))
	y := ops.Sum(ops.Tanh(ops.Mul(w, x)))
	res, err := autodiff.CheckGrad(y, []*graph.Node{w}, &autodiff.CheckOptions{
		Feeds: graph.Feeds{x: tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 2, 3}))},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("checked %d elements, worst error below 1e-8: %v\n", res.Checked, res.MaxError < 1e-8)
	// Output:
	// checked 3 elements, worst error below 1e-8: true
}
