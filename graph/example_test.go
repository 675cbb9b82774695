package graph_test

import (
	"errors"
	"fmt"
	"os"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// The lecture's forward pass as a matrix product, "without for-loops":
// X = W·I with inputs 1.0 and 0.5 gives 1.05 and 0.6.
func Example() {
	g := graph.New()
	I := g.Input("I", tensor.Float64, 2, 1)
	W := g.Param("W", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0.9, 0.3, 0.2, 0.8})))
	X := ops.MatMul(W, I)
	O := ops.Sigmoid(X)
	prog, err := graph.Compile(O)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = prog.Run(graph.Feeds{I: tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{1.0, 0.5}))})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("X = %.2f\nO = %.6f\n", prog.Value(X).Float64s(), prog.Value(O).Float64s())
	// Output:
	// X = [1.05 0.60]
	// O = [0.740775 0.645656]
}

// A mistake in building is reported once, with the op, the shapes and the
// line that made it.
func ExampleGraph_Err() {
	g := graph.New()
	a := g.Input("a", tensor.Float64, 2, 3)
	b := g.Input("b", tensor.Float64, 4)
	c := ops.Add(a, b)
	ops.Sigmoid(c) // bad too, but no second error
	fmt.Println(g.Err() != nil, c.Bad())
	// Output:
	// true true
}

// The text form lists every node; gradient nodes appear like any other.
func ExampleGraph_WriteText() {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2)
	ops.Sum(ops.Square(x))
	_ = g.WriteText(os.Stdout)
	// Output:
	//    0  x input  (2) float64
	//    1  Square(%0)  (2) float64
	//    2  SumTo(1)(%1)  (1) float64
	//    3  Reshape()(%2)  () float64
}

// CompileWith(graph.Fast) fuses the product and the bias add into the
// activation (one step) and hands intermediate buffers out again: the outputs are the same, and only
// outputs stay readable after a run. The lecture's forward pass plus a
// bias: z = [1.05, 0.6] + [0.1, −0.1], o = σ(z) = [σ(1.15), σ(0.5)].
func ExampleCompileWith() {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 1, 2)
	W := g.Param("W", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0.9, 0.2, 0.3, 0.8})))
	b := g.Param("b", tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0.1, -0.1})))
	z := ops.Add(ops.MatMul(x, W), b)
	o := ops.Sigmoid(z)
	plain := graph.MustCompile(o)
	fast, err := graph.CompileWith(graph.Fast, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	feeds := graph.Feeds{x: tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1.0, 0.5}))}
	for _, p := range []*graph.Program{plain, fast} {
		if err := p.Run(feeds); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d steps: o = %.6f, z readable: %v\n", p.Steps(), p.Value(o).Float64s(), p.Value(z) != nil)
	}
	// Output:
	// 3 steps: o = [0.759511 0.622459], z readable: true
	// 1 steps: o = [0.759511 0.622459], z readable: false
}

// A BuildError prints the op, its operands' shapes, the caller's file:line
// and what was wrong; a leaf has no operands and an unknown caller no line.
func ExampleBuildError() {
	fmt.Println(&graph.BuildError{Op: "Add", Shapes: []tensor.Shape{{2, 3}, {4}}, Site: "main.go:12",
		Err: errors.New("operands do not broadcast")})
	fmt.Println(&graph.BuildError{Op: "Param", Site: "main.go:7", Err: errors.New(`param "w" has a nil value`)})
	fmt.Println(&graph.BuildError{Op: "Sum", Shapes: []tensor.Shape{{}}, Err: errors.New("axis 0 of a scalar")})
	// Output:
	// graph: Add of shapes (2, 3), (4) at main.go:12: operands do not broadcast
	// graph: Param at main.go:7: param "w" has a nil value
	// graph: Sum of shapes (): axis 0 of a scalar
}
