package nets

import (
	"testing"

	"github.com/chainrule/chainrule/datasets"
)

func TestPerceptronLogic(t *testing.T) {
	tests := []struct {
		name    string
		ds      *datasets.Dataset
		loss    Loss
		learned bool
	}{
		{"AND/sse", datasets.AND(), SSE, true},
		{"OR/sse", datasets.OR(), SSE, true},
		{"AND/bce", datasets.AND(), BCE, true},
		{"OR/bce", datasets.OR(), BCE, true},
		{"XOR/sse", datasets.XOR(), SSE, false},
		{"XOR/bce", datasets.XOR(), BCE, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net, err := New(Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1, Loss: tc.loss}, 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Train(net, tc.ds, nil, Config{Epochs: 2000, LR: 2, Quiet: true}); err != nil {
				t.Fatal(err)
			}
			ev, err := Evaluate(net, tc.ds)
			if err != nil {
				t.Fatal(err)
			}
			if tc.learned && ev.Accuracy != 1 {
				t.Errorf("accuracy %v, want 1 (predictions %v)", ev.Accuracy, ev.Predictions)
			}
			if !tc.learned && ev.Accuracy > 0.75 {
				t.Errorf("accuracy %v on XOR, a perceptron cannot exceed 0.75", ev.Accuracy)
			}
		})
	}
}

func TestFFSolvesXOR(t *testing.T) {
	for _, dt := range []Dtype{Float64, Float32} {
		t.Run(string(dt), func(t *testing.T) {
			net, err := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{6}, Outputs: 1, Dtype: dt}, 3)
			if err != nil {
				t.Fatal(err)
			}
			ds := datasets.XOR()
			h, err := Train(net, ds, nil, Config{Epochs: 4000, LR: 2, Quiet: true})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := Evaluate(net, ds)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Accuracy != 1 {
				t.Errorf("accuracy %v, want 1; outputs %v, final loss %v", ev.Accuracy, ev.Outputs, h.TrainLoss[len(h.TrainLoss)-1])
			}
		})
	}
}
