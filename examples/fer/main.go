// Command fer classifies facial expressions in the layout of Kaggle's
// FER2013 (48x48 grayscale faces, emotion,pixels,Usage), keeping the
// lecture's five classes (Angry, Disgust, Sad, Happy, Surprise), with a deep
// feed-forward network or, with -net cnn, a convolutional one (three conv
// blocks of 16, 32 and 64 filters with batch norm, a dense layer of 64 with
// dropout, images shifted by up to a pixel every epoch); it trains on the Training rows
// and tests on the others. Without an argument it uses synthetic faces written in memory in
// the same CSV layout (each expression a differently shaped mouth and
// brows); with a path it reads the real fer2013.csv.
//
//	go run ./examples/fer [-net cnn] [fer2013.csv]
package main

import (
	"flag"
	"fmt"
	"log"
	"strings"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/solvers"
)

func main() {
	kind := flag.String("net", "dff", "network: dff or cnn")
	flag.Parse()
	load := func(usages ...datasets.FERUsage) (*datasets.Dataset, error) {
		opt := datasets.FERLectureFive
		opt.Usages = usages
		if flag.NArg() > 0 {
			return datasets.LoadFER2013File(flag.Arg(0), opt)
		}
		return datasets.LoadFER2013(strings.NewReader(syntheticCSV(600, 1)), "synthetic-fer", opt)
	}
	train, err := load(datasets.FERTraining)
	if err != nil {
		log.Fatal(err)
	}
	test, err := load(datasets.FERPublicTest, datasets.FERPrivateTest)
	if err != nil {
		log.Fatal(err)
	}
	for _, ds := range []*datasets.Dataset{train, test} {
		if err := ds.ScaleRange(0, 1, 0, 255); err != nil {
			log.Fatal(err)
		}
	}
	spec := nets.Spec{Kind: nets.KindDFF, Inputs: 48 * 48, Hidden: []int{64, 32}, Outputs: train.NumClasses()}
	cfg := nets.Config{Epochs: 40, BatchSize: 32, Seed: 1, Solver: &solvers.Adam{Options: solvers.Options{LR: 1e-3}}}
	name := "DFF 2304-64-32"
	switch *kind {
	case "cnn":
		spec = nets.Spec{Kind: nets.KindCNN, Image: []int{48, 48}, Channels: []int{16, 32, 64}, Hidden: []int{64},
			BatchNorm: true, Dropout: 0.25, Outputs: train.NumClasses(), Dtype: nets.Float32}
		cfg.Epochs, cfg.Shift, name = 15, 1, "CNN 48×48-c16-c32-c64-64 (batch norm)"
	case "dff":
	default:
		log.Fatalf("-net %q, want dff or cnn", *kind)
	}
	net, err := nets.New(spec, 1)
	if err != nil {
		log.Fatal(err)
	}
	h, err := nets.Train(net, train, test, cfg)
	if err != nil {
		log.Fatal(err)
	}
	ev, err := nets.Evaluate(net, test)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s-%d (relu, softmax-ce, Adam) on %s: %d train / %d test faces, %d epochs in %.1fs\n",
		name, spec.Outputs, train.Name, train.Len(), test.Len(), h.Epochs, h.Seconds)
	fmt.Printf("test accuracy %.1f%%\n\n%s", 100*ev.Accuracy, ev.Confusion)
}
