// Command ff trains the lecture's feed-forward network on the 10,000
// embedded MNIST digits: pixels scaled to [0.01, 0.99] as in the lecture's
// book, one sigmoid hidden layer, sigmoid outputs trained on ½Σ(t − o)² by
// plain gradient descent, tested on a stratified held-out fifth.
//
//	go run ./examples/ff [-hidden 128] [-epochs 15] [-lr 2] [-batch 16] [-plots dir]
package main

import (
	"flag"
	"fmt"
	"log"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/solvers"
)

func main() {
	hidden := flag.Int("hidden", 128, "hidden units")
	epochs := flag.Int("epochs", 15, "epochs")
	lr := flag.Float64("lr", 2, "learning rate")
	batch := flag.Int("batch", 16, "batch size")
	momentum := flag.Float64("momentum", 0, "momentum (0 for plain gradient descent)")
	adam := flag.Bool("adam", false, "use Adam with learning rate lr")
	loss := flag.String("loss", "sse", "sse (sigmoid outputs, the lecture's) or softmax-ce")
	f32 := flag.Bool("float32", false, "compute in float32")
	plots := flag.String("plots", "", "directory for loss.png and confusion.png")
	flag.Parse()

	ds, err := datasets.MNIST()
	if err != nil {
		log.Fatal(err)
	}
	if err := ds.ScaleRange(0.01, 0.99, 0, 255); err != nil {
		log.Fatal(err)
	}
	train, test, err := datasets.StratifiedSplit(ds, 0.2, 1)
	if err != nil {
		log.Fatal(err)
	}
	spec := nets.Spec{Kind: nets.KindFF, Inputs: 784, Hidden: []int{*hidden}, Outputs: 10, Loss: nets.Loss(*loss)}
	if *f32 {
		spec.Dtype = nets.Float32
	}
	net, err := nets.New(spec, 1)
	if err != nil {
		log.Fatal(err)
	}
	cfg := nets.Config{Epochs: *epochs, BatchSize: *batch, LR: *lr, Seed: 1, PlotsDir: *plots}
	if *adam {
		cfg.Solver = &solvers.Adam{Options: solvers.Options{LR: *lr}}
	} else if *momentum > 0 {
		cfg.Solver = &solvers.Momentum{Options: solvers.Options{LR: *lr}, Mu: *momentum}
	}
	h, err := nets.Train(net, train, test, cfg)
	if err != nil {
		log.Fatal(err)
	}
	ev, err := nets.Evaluate(net, test)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("FF 784-%d-10 (sigmoid hidden, %s, lr %g, momentum %g, %s): %d epochs in %.1fs\n", *hidden, *loss, *lr, *momentum, net.Spec().Dtype, h.Epochs, h.Seconds)
	fmt.Printf("test accuracy %.2f%% on %d held-out digits\n\n%s", 100*ev.Accuracy, test.Len(), ev.Confusion)
}
