package nets

import (
	"testing"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// digits returns the 8x8 digits scaled to [0, 1], split into a stratified
// held-out fifth.
func digits(t testing.TB) (train, test *datasets.Dataset) {
	t.Helper()
	ds, err := datasets.Digits()
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.ScaleRange(0, 1, 0, 16); err != nil {
		t.Fatal(err)
	}
	train, test, err = datasets.StratifiedSplit(ds, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

func TestDFFDigits(t *testing.T) {
	train, test := digits(t)
	tests := []struct {
		dt  Dtype
		act Activation
	}{{Float64, ReLU}, {Float32, ReLU}, {Float64, Tanh}}
	for _, tc := range tests {
		t.Run(string(tc.dt)+"/"+string(tc.act), func(t *testing.T) {
			net, err := New(Spec{Kind: KindDFF, Inputs: 64, Hidden: []int{64, 32}, Outputs: 10, Activation: tc.act, Dtype: tc.dt}, 1)
			if err != nil {
				t.Fatal(err)
			}
			sol := &solvers.Adam{Options: solvers.Options{LR: 0.003}}
			h, err := Train(net, train, test, Config{Epochs: 30, BatchSize: 32, Solver: sol, Seed: 1, Patience: 5, Quiet: true})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := Evaluate(net, test)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d epochs in %.2fs, held-out accuracy %.4f", h.Epochs, h.Seconds, ev.Accuracy)
			if ev.Accuracy < 0.95 {
				t.Errorf("held-out accuracy %.4f, want >= 0.95", ev.Accuracy)
			}
		})
	}
}
