package ops_test

import (
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A batch of two 2×2 products: each matrix of a times the matrix of b at
// the same batch position (a column swap, then twice the identity).
func ExampleBatchMatMul() {
	g := graph.New()
	a := g.Const(tensor.New(tensor.WithShape(2, 2, 2), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6, 7, 8})))
	b := g.Const(tensor.New(tensor.WithShape(2, 2, 2), tensor.WithBacking([]float64{0, 1, 1, 0, 2, 0, 0, 2})))
	y := ops.BatchMatMul(a, b, false, false)
	p := graph.MustCompile(y)
	if err := p.Run(nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(y.Shape(), p.Value(y).Float64s())
	// Output:
	// (2, 2, 2) [2 1 4 3 10 12 14 16]
}

// An embedding lookup: rows 2, 0 and 2 of a [3, 2] table.
func ExampleGather() {
	g := graph.New()
	table := g.Param("E", tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{0, 1, 10, 11, 20, 21})))
	ids := g.Input("ids", tensor.Int, 3)
	y := ops.Gather(table, ids)
	p := graph.MustCompile(y)
	if err := p.Run(graph.Feeds{ids: tensor.New(tensor.WithShape(3), tensor.WithBacking([]int{2, 0, 2}))}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(y.Shape(), p.Value(y).Float64s())
	// Output:
	// (3, 2) [20 21 0 1 20 21]
}

// Dropout is the identity in evaluation mode, a program's default; in
// training mode each element of x = 1 becomes 0 or 1/(1−p) = 2, and setting
// the run counter back replays the same mask.
func ExampleDropout() {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 1000)
	y := ops.Dropout(x, 0.5, 42)
	p := graph.MustCompile(y)
	ones := make([]float64, 1000)
	for i := range ones {
		ones[i] = 1
	}
	if err := p.Set(x, tensor.New(tensor.WithShape(1000), tensor.WithBacking(ones))); err != nil {
		fmt.Println(err)
		return
	}
	run := func() []float64 {
		if err := p.Exec(); err != nil {
			fmt.Println(err)
		}
		return append([]float64(nil), p.Value(y).Float64s()...)
	}
	fmt.Println("evaluation:", run()[:4])
	p.SetTraining(true)
	first := run()
	onlyZeroOrTwo := true
	for _, v := range first {
		onlyZeroOrTwo = onlyZeroOrTwo && (v == 0 || v == 2)
	}
	fmt.Println("training, every element 0 or 2:", onlyZeroOrTwo)
	p.SetCounter(0)
	replay, same := run(), true
	for i := range replay {
		same = same && replay[i] == first[i]
	}
	fmt.Println("counter set back, same mask:", same)
	// Output:
	// evaluation: [1 1 1 1]
	// training, every element 0 or 2: true
	// counter set back, same mask: true
}
