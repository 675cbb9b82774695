package nets_test

import (
	"fmt"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
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
