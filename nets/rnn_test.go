package nets

import (
	"math"
	"testing"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// TestRNNBeatsNaiveForecast trains an Elman RNN on noisy sine windows and
// checks that its one-step forecast beats repeating the last value.
func TestRNNBeatsNaiveForecast(t *testing.T) {
	const steps = 10
	ds, err := datasets.NoisySine(600, steps, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := datasets.Split(ds, 0.25, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, dt := range []Dtype{Float64, Float32} {
		t.Run(string(dt), func(t *testing.T) {
			net, err := New(Spec{Kind: KindRNN, Inputs: 1, Hidden: []int{12}, Outputs: 1, SeqLen: steps, Dtype: dt}, 1)
			if err != nil {
				t.Fatal(err)
			}
			sol := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
			if _, err := Train(net, train, test, Config{Epochs: 30, BatchSize: 16, Solver: sol, Seed: 1, Quiet: true}); err != nil {
				t.Fatal(err)
			}
			ev, err := Evaluate(net, test)
			if err != nil {
				t.Fatal(err)
			}
			naive := naiveRMSE(test)
			t.Logf("RNN RMSE %.4f, last-value RMSE %.4f", ev.RMSE, naive)
			if !(ev.RMSE < naive) {
				t.Errorf("RNN RMSE %.4f does not beat the last-value forecast's %.4f", ev.RMSE, naive)
			}
		})
	}
}

// naiveRMSE is the RMSE of predicting each window's last value.
func naiveRMSE(ds *datasets.Dataset) float64 {
	x, y := ds.X.Float64s(), ds.Y.Float64s()
	w := len(x) / len(y)
	s := 0.0
	for i, v := range y {
		d := x[(i+1)*w-1] - v
		s += d * d
	}
	return math.Sqrt(s / float64(len(y)))
}
