// Command perceptron trains the lecture's single-layer perceptron on the
// truth tables of AND, OR and XOR by gradient descent on ½Σ(t − o)². It
// learns AND and OR, which a line separates, and fails on XOR, which no line
// separates; a feed-forward network with one hidden layer then solves XOR.
//
//	go run ./examples/perceptron
package main

import (
	"fmt"
	"log"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
)

func main() {
	for _, ds := range []*datasets.Dataset{datasets.AND(), datasets.OR(), datasets.XOR()} {
		net, err := nets.New(nets.Spec{Kind: nets.KindPerceptron, Inputs: 2, Outputs: 1}, 1)
		if err != nil {
			log.Fatal(err)
		}
		report("perceptron", net, ds)
	}
	net, err := nets.New(nets.Spec{Kind: nets.KindFF, Inputs: 2, Hidden: []int{6}, Outputs: 1}, 3)
	if err != nil {
		log.Fatal(err)
	}
	report("FF 2-6-1", net, datasets.XOR())
}

// report trains net on ds, then prints its outputs and accuracy.
func report(name string, net nets.Network, ds *datasets.Dataset) {
	if _, err := nets.Train(net, ds, nil, nets.Config{Epochs: 4000, LR: 2}); err != nil {
		log.Fatal(err)
	}
	ev, err := nets.Evaluate(net, ds)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%-10s on %-3s: accuracy %3.0f%%  outputs", name, ds.Name, 100*ev.Accuracy)
	x := ds.X.Float64s()
	for i, o := range ev.Outputs {
		fmt.Printf("  %g%g→%.2f", x[2*i], x[2*i+1], o)
	}
	fmt.Println()
}
