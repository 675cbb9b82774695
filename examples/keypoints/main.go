// Command keypoints regresses the 30 facial keypoint coordinates of the
// Kaggle Facial Keypoints Detection data (96x96 grayscale faces) with a deep
// feed-forward network or, with -net cnn, a convolutional one (three conv
// blocks of 8, 16 and 32 filters and a dense layer of 64), and a masked mean
// squared error, so that missing
// coordinates do not count. Without an argument it trains on synthetic faces
// written in memory in Kaggle's training.csv layout; with a path it reads
// the real training.csv.
//
//	go run ./examples/keypoints [-net cnn] [training.csv]
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
	var ds *datasets.Dataset
	var err error
	if flag.NArg() > 0 {
		ds, err = datasets.LoadKeypointsFile(flag.Arg(0), datasets.KeypointsOptions{})
	} else {
		ds, err = datasets.LoadKeypoints(strings.NewReader(syntheticCSV(400, 1)), "synthetic-keypoints", datasets.KeypointsOptions{})
	}
	if err != nil {
		log.Fatal(err)
	}
	// Pixels to [0, 1], coordinates to [−1, 1] (missing ones stay masked).
	if err := ds.ScaleRange(0, 1, 0, 255); err != nil {
		log.Fatal(err)
	}
	y := ds.Y.Float64s()
	for i := range y {
		y[i] = y[i]/48 - 1
	}
	train, test, err := datasets.Split(ds, 0.2, 1)
	if err != nil {
		log.Fatal(err)
	}
	spec := nets.Spec{Kind: nets.KindDFF, Inputs: 96 * 96, Hidden: []int{32}, Outputs: 30, Loss: nets.MSE, Masked: true}
	cfg := nets.Config{Epochs: 40, BatchSize: 16, Seed: 1, Solver: &solvers.Adam{Options: solvers.Options{LR: 1e-4}}}
	name := "DFF 9216-32-30"
	switch *kind {
	case "cnn":
		spec = nets.Spec{Kind: nets.KindCNN, Image: []int{96, 96}, Channels: []int{8, 16, 32}, Hidden: []int{64},
			Outputs: 30, Loss: nets.MSE, Masked: true, Dtype: nets.Float32}
		cfg.Epochs, cfg.Solver, name = 20, &solvers.Adam{Options: solvers.Options{LR: 1e-3}}, "CNN 96×96-c8-c16-c32-64-30"
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
	fmt.Printf("%s (relu, masked MSE, Adam) on %s: %d train / %d test faces, %d epochs in %.1fs\n",
		name, ds.Name, train.Len(), test.Len(), h.Epochs, h.Seconds)
	fmt.Printf("test RMSE %.2f pixels (predicting the training mean: %.2f pixels)\n", 48*ev.RMSE, 48*meanRMSE(train, test))
}

// meanRMSE is the RMSE, over present test targets, of predicting each
// coordinate's mean over the training set.
func meanRMSE(train, test *datasets.Dataset) float64 {
	mean, cnt := make([]float64, 30), make([]float64, 30)
	ty, tm := train.Y.Float64s(), train.Mask.Float64s()
	for i, v := range ty {
		mean[i%30] += v * tm[i]
		cnt[i%30] += tm[i]
	}
	s, n := 0.0, 0.0
	y, m := test.Y.Float64s(), test.Mask.Float64s()
	for i, v := range y {
		if c := cnt[i%30]; m[i] > 0 && c > 0 {
			d := v - mean[i%30]/c
			s, n = s+d*d, n+1
		}
	}
	return sqrt(s / n)
}
