package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/metrics"
)

// Series settings: window length (inputs per sample) of each forecasting set.
var seriesWindow = map[string]int{"airpassengers": 12, "sunspots": 11, "sine": 20}

// loadSine makes 1,000 noisy sine sequences of 20 steps (noise 0.05, from
// seed) whose next value is the target, and holds out a random fifth.
func loadSine(seed uint64) (*prepared, error) {
	w := seriesWindow["sine"]
	ds, err := datasets.NoisySine(1000, w, 0.05, seed)
	if err != nil {
		return nil, err
	}
	train, test, err := datasets.Split(ds, testFraction, seed)
	if err != nil {
		return nil, err
	}
	p := &prepared{name: "sine", key: "sine", train: train, test: test, series: true, steps: w, feat: 1, yScale: 1,
		split: fmt.Sprintf("random held-out fifth of the sequences, seed %d", seed)}
	p.naiveRMSE, err = naive(test, 1)
	return p, err
}

// loadSeries windows an embedded series (the last window values predict the
// next one) after scaling it by the range of its first 80 %, and tests on
// the last fifth of the windows in time order. Each window is taken
// relative to its last value, and the target is the change from it: a
// trend then never leaves the range seen in training, the naive forecast is
// an output of 0, and the RMSE of the change is the RMSE of the level.
func loadSeries(key string) (*prepared, error) {
	var s []float64
	var err error
	switch key {
	case "airpassengers":
		s, err = datasets.AirPassengers()
	case "sunspots":
		s, err = datasets.Sunspots()
	default:
		return nil, fmt.Errorf("unknown data %q", key)
	}
	if err != nil {
		return nil, err
	}
	w := seriesWindow[key]
	head := s[:int(math.Round(0.8*float64(len(s))))]
	lo, hi := slices.Min(head), slices.Max(head)
	if hi == lo {
		return nil, fmt.Errorf("%s: constant series", key)
	}
	scaled := make([]float64, len(s))
	for i, v := range s {
		scaled[i] = (v - lo) / (hi - lo)
	}
	ds, err := datasets.Windows(scaled, w, 1)
	if err != nil {
		return nil, err
	}
	ds.Name = key
	relative(ds)
	train, test, err := datasets.SplitChronological(ds, 1-testFraction)
	if err != nil {
		return nil, err
	}
	p := &prepared{name: key, key: key, train: train, test: test, series: true, steps: w, feat: 1, yScale: hi - lo,
		split: "the last fifth of the windows, in time order"}
	p.naiveRMSE, err = naive(test, hi-lo)
	return p, err
}

// naive returns the RMSE of the last-value forecast (each window's last
// input predicts its target) on ds, multiplied by scale.
func naive(ds *datasets.Dataset, scale float64) (float64, error) {
	n, w := ds.Len(), ds.X.Shape()[1]
	xs := ds.X.Float64s()
	pred := make([]float64, n)
	for i := range pred {
		pred[i] = xs[i*w+w-1]
	}
	r, err := metrics.RMSE(pred, ds.Y.Float64s())
	return r * scale, err
}

// relative subtracts each window's last value from its inputs and target.
func relative(ds *datasets.Dataset) {
	n, w := ds.Len(), ds.X.Shape()[1]
	xs, ys := ds.X.Float64s(), ds.Y.Float64s()
	for i := 0; i < n; i++ {
		row := xs[i*w : (i+1)*w]
		last := row[w-1]
		for j := range row {
			row[j] -= last
		}
		ys[i] -= last
	}
}
