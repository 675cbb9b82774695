package nets

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
)

func TestSpecErrors(t *testing.T) {
	tests := []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: "transformer", Inputs: 2, Outputs: 1}, `unknown kind "transformer"`},
		{Spec{Kind: KindFF, Inputs: 0, Hidden: []int{3}, Outputs: 1}, "inputs 0"},
		{Spec{Kind: KindFF, Inputs: 2, Outputs: 1}, "exactly one hidden size"},
		{Spec{Kind: KindPerceptron, Inputs: 2, Hidden: []int{3}, Outputs: 1}, "no hidden layer"},
		{Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3, 0}, Outputs: 2}, "hidden layer 1 has size 0"},
		{Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3}, Outputs: 2, Activation: "gelu"}, `activation "gelu"`},
		{Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3}, Outputs: 1}, "softmax-ce needs at least 2 outputs"},
		{Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1, Dtype: "int8"}, `dtype "int8"`},
		{Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1, SeqLen: 4}, "for rnn, lstm and gru only"},
		{Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1, Masked: true}, "mask needs loss mse"},
	}
	for _, tc := range tests {
		if _, err := New(tc.spec, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): %v, want an error containing %q", tc.spec, err, tc.want)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	net, _ := New(Spec{Kind: KindFF, Inputs: 3, Hidden: []int{3}, Outputs: 1}, 1)
	xor := datasets.XOR()
	if _, err := Train(net, xor, nil, Config{Quiet: true}); err == nil || !strings.Contains(err.Error(), "2 features per sample") {
		t.Errorf("wrong width: %v", err)
	}
	ok, _ := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1}, 1)
	if _, err := Train(ok, xor, nil, Config{Patience: 2, Quiet: true}); err == nil {
		t.Error("patience without a test set: no error")
	}
	if _, err := Train(ok, xor, nil, Config{BatchSize: 9, Quiet: true}); err == nil {
		t.Error("batch larger than the data: no error")
	}
	iris, _ := datasets.Iris()
	if _, err := Evaluate(ok, iris); err == nil {
		t.Error("iris into a 2-input network: no error")
	}
}

// TestTrainStopsOnNaN makes the loss overflow and checks that Train stops
// with an error naming the node where the infinity appeared.
func TestTrainStopsOnNaN(t *testing.T) {
	for _, dt := range []Dtype{Float64, Float32} {
		net, _ := New(Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{8}, Outputs: 1, Loss: MSE, Dtype: dt}, 1)
		y := tensor.New(tensor.WithShape(4, 1), tensor.WithBacking([]float64{1e200, -1e200, 1e200, -1e200}))
		ds := &datasets.Dataset{Name: "huge", X: datasets.XOR().X, Y: y}
		h, err := Train(net, ds, nil, Config{Epochs: 5, Quiet: true})
		if err == nil || !strings.Contains(err.Error(), "non-finite loss") || !strings.Contains(err.Error(), "graph: ") {
			t.Fatalf("%s: Train: %v", dt, err)
		}
		if h == nil || h.Epochs != 0 {
			t.Errorf("%s: history %+v", dt, h)
		}
	}
}
