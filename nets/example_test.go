package nets_test

import (
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/solvers"
)

// The perceptron learns AND but not XOR.
func Example_perceptron() {
	for _, ds := range []*datasets.Dataset{datasets.AND(), datasets.XOR()} {
		net, _ := nets.New(nets.Spec{Kind: nets.KindPerceptron, Inputs: 2, Outputs: 1}, 1)
		if _, err := nets.Train(net, ds, nil, nets.Config{Epochs: 2000, LR: 2, Quiet: true}); err != nil {
			fmt.Println(err)
			return
		}
		ev, _ := nets.Evaluate(net, ds)
		fmt.Printf("%s: accuracy %.2f\n", ds.Name, ev.Accuracy)
	}
	// Output:
	// and: accuracy 1.00
	// xor: accuracy 0.50
}

// New lists a network's params by name, in a fixed order.
func ExampleNew() {
	net, err := nets.New(nets.Spec{Kind: nets.KindDFF, Inputs: 64, Hidden: []int{32, 16}, Outputs: 10}, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range net.Params() {
		fmt.Println(p.Name, p.Value.Shape())
	}
	// Output:
	// W1 (64, 32)
	// b1 (32)
	// W2 (32, 16)
	// b2 (16)
	// W3 (16, 10)
	// b3 (10)
}

// Any composition of layers trains with nets.Train and is evaluated by
// nets.Evaluate: here a small network with batch norm on iris, its output
// scored by softmax cross-entropy.
func ExampleWithHead() {
	iris, _ := datasets.Iris()
	train, test, _ := datasets.StratifiedSplit(iris, 0.2, 1)
	m, err := layers.NewModel(
		layers.Seq(&layers.Linear{Out: 16, Init: "he"}, &layers.BatchNorm{Features: 16}, layers.ReLU{}, &layers.Linear{Out: 3}),
		layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	model := nets.WithHead(m, nets.Head{Loss: nets.SoftmaxCE})
	cfg := nets.Config{Epochs: 30, BatchSize: 16, Solver: &solvers.Adam{Options: solvers.Options{LR: 0.01}}, Seed: 1, Quiet: true}
	if _, err := nets.Train(model, train, test, cfg); err != nil {
		fmt.Println(err)
		return
	}
	ev, err := nets.Evaluate(model, test)
	if err != nil {
		fmt.Println(err)
		return
	}
	// 4·16 + 16 + 2·16 (batch norm's gamma and beta) + 16·3 + 3 = 163 params.
	fmt.Printf("%d params, test accuracy above 90 %%: %v\n", m.Store().NumParams(), ev.Accuracy > 0.9)
	// Output:
	// 163 params, test accuracy above 90 %: true
}
