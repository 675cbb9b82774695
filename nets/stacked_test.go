package nets

import (
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
)

// TestStackedGatedByHand stacks a second one-unit cell, with the first's
// weights, on TestGatedForwardByHand's: layer 2 reads the first's h_t
// (0.1899741, 0.2685248 for the LSTM; 0.2, 0.3 for the GRU) as its input.
//
// LSTM layer 2: c'₁ = ½ tanh h₁, h'₁ = ½ tanh c'₁; c'₂ = ¾ c'₁ + ½ tanh h₂,
// h'₂ = ½ tanh c'₂. GRU layer 2: h'₁ = ¼ tanh h₁, h'₂ = ¼ tanh h₂ + ¾ h'₁.
// The output 2h' + 1 reads the top layer, in the unrolled network (with
// dropout 0.5, which an evaluation build leaves out) and in the Stepper;
// the params are named Wx, Wh, b for the first layer, Wx2, Wh2, b2 for the
// second, and the second LSTM layer's forget bias starts at 1 too.
func TestStackedGatedByHand(t *testing.T) {
	x := tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{math.Log(3), math.Log(2)}))
	lh1, lh2 := 0.5*math.Tanh(0.4), 0.5*math.Tanh(0.6)
	lc1 := 0.5 * math.Tanh(lh1)
	lc2 := 0.75*lc1 + 0.5*math.Tanh(lh2)
	g1 := 0.25 * math.Tanh(0.2)
	for _, c := range []struct {
		kind Kind
		vals map[string][]float64
		h    []float64
	}{
		{KindLSTM, map[string][]float64{"Wx": {0, 0, 1, 0}, "b": {0, math.Log(3), 0, 0}, "Wx2": {0, 0, 1, 0}, "b2": {0, math.Log(3), 0, 0}},
			[]float64{0.5 * math.Tanh(lc1), 0.5 * math.Tanh(lc2)}},
		{KindGRU, map[string][]float64{"Wx": {0, 0, 1}, "bx": {0, math.Log(3), 0}, "Wx2": {0, 0, 1}, "bx2": {0, math.Log(3), 0}},
			[]float64{g1, 0.25*math.Tanh(0.3) + 0.75*g1}},
	} {
		net, err := New(Spec{Kind: c.kind, Inputs: 1, Hidden: []int{1, 1}, Outputs: 1, SeqLen: 2, EveryStep: true, Dropout: 0.5}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if c.kind == KindLSTM {
			for _, p := range net.Params() {
				if (p.Name == "b" || p.Name == "b2") && p.Value.Float64s()[1] != 1 {
					t.Errorf("lstm: %s = %v, want the forget gate's bias 1", p.Name, p.Value.Float64s())
				}
			}
		}
		c.vals["Wy"], c.vals["by"] = []float64{2}, []float64{1}
		setParams(t, net, c.vals)
		ds := &datasets.Dataset{X: x, Y: tensor.New(tensor.WithShape(1, 2), tensor.Of(tensor.Float64))}
		ev, err := Evaluate(net, ds)
		if err != nil {
			t.Fatal(err)
		}
		st, err := NewStepper(net)
		if err != nil {
			t.Fatal(err)
		}
		for i, xv := range x.Float64s() {
			want := 2*c.h[i] + 1
			if math.Abs(ev.Outputs[i]-want) > 1e-12 {
				t.Errorf("%s step %d: output %v, want %v", c.kind, i, ev.Outputs[i], want)
			}
			y, err := st.Step([]float64{xv})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(y[0]-want) > 1e-12 {
				t.Errorf("%s Stepper step %d: %v, want %v", c.kind, i, y[0], want)
			}
		}
	}
	nine := make([]int, MaxGatedLayers+1)
	for i := range nine {
		nine[i] = 1
	}
	if _, err := New(Spec{Kind: KindLSTM, Inputs: 1, Hidden: nine, Outputs: 1}, 1); err == nil {
		t.Errorf("%d stacked layers: no error", MaxGatedLayers+1)
	}
	if _, err := New(Spec{Kind: KindRNN, Inputs: 1, Hidden: []int{2, 2}, Outputs: 1}, 1); err == nil {
		t.Error("a stacked rnn: no error")
	}
}
