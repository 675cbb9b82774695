package ops_test

import (
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// NumPy broadcasting: a bias of shape [3] is added to every row of a [2, 3]
// batch.
func ExampleAdd() {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2, 3)
	b := g.Param("b", tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{10, 20, 30})))
	y := ops.Add(x, b)
	p := graph.MustCompile(y)
	if err := p.Run(graph.Feeds{x: tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6}))}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Value(y).Float64s())
	// Output:
	// [11 22 33 14 25 36]
}

// Softmax along the last axis; the values are e^xᵢ / Σⱼ e^xⱼ.
func ExampleSoftmax() {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 3)
	y := ops.Softmax(x, -1)
	p := graph.MustCompile(y)
	if err := p.Run(graph.Feeds{x: tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 2, 3}))}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.8f\n", p.Value(y).Float64s())
	// Output:
	// [0.09003057 0.24472847 0.66524096]
}

// Softmax cross-entropy from logits with integer class targets, the loss of
// the DFF classifier: the mean over the batch of −log softmax(z)[label].
func ExampleSoftmaxCrossEntropy() {
	g := graph.New()
	z := g.Input("z", tensor.Float64, 2, 3)
	labels := g.Input("labels", tensor.Int, 2)
	loss := ops.SoftmaxCrossEntropy(z, labels)
	p := graph.MustCompile(loss)
	err := p.Run(graph.Feeds{
		z:      tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{0, 0, 0, 1000, 0, 0})),
		labels: tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 0})),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Row 1: uniform, −log(1/3) = log 3; row 2: certain and right, 0.
	fmt.Printf("%.6f (log 3 / 2 = 0.549306)\n", p.Value(loss).Float64s()[0])
	// Output:
	// 0.549306 (log 3 / 2 = 0.549306)
}
