package nets

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/datasets"
)

// Dropout in an LSTM or GRU drops only in training: the same seed gives
// the same weights with and without it (its seed is drawn after the
// params), so the evaluation outputs and the Stepper's agree exactly, while
// one training step on the same batch moves the weights differently; a
// saved model loads with its rate and predicts the same. A
// dropout rate outside [0, 1), and dropout on an Elman RNN, are errors.
func TestGatedDropout(t *testing.T) {
	c, err := datasets.NewCharCorpus(strings.Repeat("the rays of light ", 20), 0.1)
	if err != nil {
		t.Fatal(err)
	}
	v := c.Vocab.Size()
	ds, err := datasets.CharSequences(c.Train, 6, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []Kind{KindLSTM, KindGRU} {
		spec := Spec{Kind: kind, Inputs: v, Hidden: []int{5}, Outputs: v, Loss: SoftmaxCE, SeqLen: 6, EveryStep: true}
		plain, err := New(spec, 3)
		if err != nil {
			t.Fatal(err)
		}
		spec.Dropout = 0.5
		drop, err := New(spec, 3)
		if err != nil {
			t.Fatal(err)
		}
		e1, err1 := Evaluate(plain, ds)
		e2, err2 := Evaluate(drop, ds)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for i := range e1.Outputs {
			if e1.Outputs[i] != e2.Outputs[i] {
				t.Fatalf("%s: evaluation output %d: %v without dropout, %v with", kind, i, e1.Outputs[i], e2.Outputs[i])
			}
		}
		b1, err1 := CharBits(plain, c.Train[:3], c.Test)
		b2, err2 := CharBits(drop, c.Train[:3], c.Test)
		if err1 != nil || err2 != nil || b1 != b2 {
			t.Fatalf("%s: CharBits %v, %v (%v, %v)", kind, b1, b2, err1, err2)
		}
		cfg := Config{Epochs: 1, BatchSize: ds.Len(), LR: 0.5, Seed: 1, Quiet: true}
		if _, err := Train(plain, ds, nil, cfg); err != nil {
			t.Fatal(err)
		}
		if _, err := Train(drop, ds, nil, cfg); err != nil {
			t.Fatal(err)
		}
		if p, d := ParamValues(plain), ParamValues(drop); equalDense(p[len(p)-2], d[len(d)-2]) {
			t.Errorf("%s: Wy after a step is the same with dropout 0.5 as without", kind)
		}
		path := filepath.Join(t.TempDir(), "drop.model")
		if err := Save(drop, path); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if back.Spec().Dropout != 0.5 {
			t.Errorf("%s: loaded spec dropout %v", kind, back.Spec().Dropout)
		}
		e1, err1 = Evaluate(drop, ds)
		e2, err2 = Evaluate(back, ds)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for i := range e1.Outputs {
			if e1.Outputs[i] != e2.Outputs[i] {
				t.Fatalf("%s: output %d: %v before saving, %v after loading", kind, i, e1.Outputs[i], e2.Outputs[i])
			}
		}
	}
	for _, tc := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: KindLSTM, Inputs: 3, Hidden: []int{2}, Outputs: 3, SeqLen: 2, Dropout: 1}, "lstm: dropout 1, want a rate in [0, 1)"},
		{Spec{Kind: KindGRU, Inputs: 3, Hidden: []int{2}, Outputs: 3, SeqLen: 2, Dropout: -0.1}, "gru: dropout -0.1"},
		{Spec{Kind: KindRNN, Inputs: 3, Hidden: []int{2}, Outputs: 3, SeqLen: 2, Dropout: 0.5}, "dropout also for lstm and gru"},
	} {
		if _, err := New(tc.spec, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.spec, err, tc.want)
		}
	}
}

// equalDense reports whether two tensors hold the same values.
func equalDense(a, b interface{ Data() any }) bool {
	x, y := a.Data().([]float64), b.Data().([]float64)
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
