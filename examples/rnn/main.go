// Command rnn forecasts the monthly airline passengers (Box & Jenkins,
// 1949–1960) one month ahead with an Elman RNN unrolled over the last 12
// months, and compares its test RMSE with the naive forecast "next month
// equals this month". The network sees month-to-month changes (scaled by
// their training standard deviation) and predicts the next change, so the
// trend needs no extrapolation beyond the training range.
//
//	go run ./examples/rnn [-window 12] [-hidden 16] [-epochs 300]
package main

import (
	"flag"
	"fmt"
	"log"
	"math"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/metrics"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/solvers"
)

func main() {
	window := flag.Int("window", 12, "months the network sees")
	hidden := flag.Int("hidden", 16, "state size")
	epochs := flag.Int("epochs", 300, "epochs")
	flag.Parse()

	series, err := datasets.AirPassengers()
	if err != nil {
		log.Fatal(err)
	}
	diff := make([]float64, len(series)-1)
	for i := range diff {
		diff[i] = series[i+1] - series[i]
	}
	nTrain := int(0.75 * float64(len(diff)))
	scale := std(diff[:nTrain])
	for i := range diff {
		diff[i] /= scale
	}
	ds, err := datasets.Windows(diff, *window, 1)
	if err != nil {
		log.Fatal(err)
	}
	train, test, err := datasets.SplitChronological(ds, 0.75)
	if err != nil {
		log.Fatal(err)
	}
	net, err := nets.New(nets.Spec{Kind: nets.KindRNN, Inputs: 1, Hidden: []int{*hidden}, Outputs: 1, SeqLen: *window}, 1)
	if err != nil {
		log.Fatal(err)
	}
	cfg := nets.Config{Epochs: *epochs, BatchSize: 8, Seed: 1, Solver: &solvers.Adam{Options: solvers.Options{LR: 0.003}}}
	h, err := nets.Train(net, train, test, cfg)
	if err != nil {
		log.Fatal(err)
	}
	ev, err := nets.Evaluate(net, test)
	if err != nil {
		log.Fatal(err)
	}
	// Back to passengers: sample i of the test set forecasts month m from
	// month m−1 (its window's last month).
	first := train.Len() + *window + 1 // index in series of the first test target
	var pred, naive, truth []float64
	for i, d := range ev.Outputs {
		m := first + i
		pred = append(pred, series[m-1]+d*scale)
		naive = append(naive, series[m-1])
		truth = append(truth, series[m])
	}
	rmse, err := metrics.RMSE(pred, truth)
	if err != nil {
		log.Fatal(err)
	}
	base, err := metrics.RMSE(naive, truth)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Elman RNN (window %d, state %d): %d epochs in %.1fs, %d training and %d test months\n",
		*window, *hidden, h.Epochs, h.Seconds, train.Len(), test.Len())
	fmt.Printf("test RMSE %.1f thousand passengers; naive last-value forecast %.1f\n", rmse, base)
}

func std(x []float64) float64 {
	m, s := 0.0, 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)))
}
