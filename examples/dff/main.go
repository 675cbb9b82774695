// Command dff trains a deep feed-forward network (ReLU hidden layers,
// softmax output, cross-entropy, Adam) on the 10,000 embedded MNIST digits
// and tests it on a stratified held-out fifth; with -digits it uses the
// 8x8 UCI digits instead.
//
//	go run ./examples/dff [-hidden 256,128] [-epochs 12] [-lr 0.002] [-batch 64] [-digits] [-save model.crm]
package main

import (
	"flag"
	"fmt"
	"log"
	"strconv"
	"strings"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/solvers"
)

func main() {
	hidden := flag.String("hidden", "256,128", "hidden layer sizes, comma-separated")
	act := flag.String("act", "relu", "hidden activation: relu, tanh or sigmoid")
	epochs := flag.Int("epochs", 12, "epochs")
	lr := flag.Float64("lr", 0.002, "Adam learning rate")
	batch := flag.Int("batch", 64, "batch size")
	digits := flag.Bool("digits", false, "use the 8x8 UCI digits instead of MNIST")
	save := flag.String("save", "", "save the trained model to this file")
	plots := flag.String("plots", "", "directory for loss.png and confusion.png")
	flag.Parse()

	var sizes []int
	for _, f := range strings.Split(*hidden, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			log.Fatalf("-hidden: %v", err)
		}
		sizes = append(sizes, n)
	}
	ds, err := load(*digits)
	if err != nil {
		log.Fatal(err)
	}
	train, test, err := datasets.StratifiedSplit(ds, 0.2, 1)
	if err != nil {
		log.Fatal(err)
	}
	spec := nets.Spec{Kind: nets.KindDFF, Inputs: train.X.Shape()[1], Hidden: sizes, Outputs: ds.NumClasses(), Activation: nets.Activation(*act)}
	net, err := nets.New(spec, 1)
	if err != nil {
		log.Fatal(err)
	}
	cfg := nets.Config{Epochs: *epochs, BatchSize: *batch, Seed: 1, PlotsDir: *plots,
		Solver: &solvers.Adam{Options: solvers.Options{LR: *lr}}}
	h, err := nets.Train(net, train, test, cfg)
	if err != nil {
		log.Fatal(err)
	}
	ev, err := nets.Evaluate(net, test)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("DFF %d-%s-%d (%s, softmax-ce, Adam lr %g) on %s: %d epochs in %.1fs\n",
		spec.Inputs, *hidden, spec.Outputs, *act, *lr, ds.Name, h.Epochs, h.Seconds)
	fmt.Printf("test accuracy %.2f%% on %d held-out samples\n\n%s\n%s", 100*ev.Accuracy, test.Len(), ev.Confusion, ev.Confusion.Report())
	if *save != "" {
		if err := nets.Save(net, *save); err != nil {
			log.Fatal(err)
		}
		fmt.Println("saved", *save)
	}
}

// load returns MNIST scaled to [0.01, 0.99], or the digits scaled to [0, 1].
func load(digits bool) (*datasets.Dataset, error) {
	if digits {
		ds, err := datasets.Digits()
		if err != nil {
			return nil, err
		}
		return ds, ds.ScaleRange(0, 1, 0, 16)
	}
	ds, err := datasets.MNIST()
	if err != nil {
		return nil, err
	}
	return ds, ds.ScaleRange(0.01, 0.99, 0, 255)
}
