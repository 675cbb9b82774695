package main

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
)

// TestTrainGatedSeries trains the LSTM and GRU on AirPassengers for a few
// epochs: the JSON reports an RMSE below the naive forecast's.
func TestTrainGatedSeries(t *testing.T) {
	for _, net := range []string{"lstm", "gru"} {
		r := trainJSON(t, "--net", net, "--data", "airpassengers", "--epochs", "30")
		rmse, _ := r["test_rmse"].(float64)
		naive, _ := r["naive_rmse"].(float64)
		if !(rmse > 0 && rmse < naive) {
			t.Errorf("%s: test_rmse %v, naive_rmse %v", net, r["test_rmse"], r["naive_rmse"])
		}
		if r["net"] != net || !strings.Contains(r["layers"].(string), "12 steps") {
			t.Errorf("net %v, layers %v", r["net"], r["layers"])
		}
	}
}

// TestGatedDropoutFlag: --dropout reaches an LSTM's and a GRU's spec and
// the report names it.
func TestGatedDropoutFlag(t *testing.T) {
	for _, net := range []string{"lstm", "gru"} {
		r := trainJSON(t, "--net", net, "--data", "airpassengers", "--epochs", "2", "--hidden", "4", "--dropout", "0.2")
		if r["layers"] != "1-4-1 (12 steps) (dropout 0.2)" {
			t.Errorf("%s: layers %v", net, r["layers"])
		}
	}
}

// TestTrainTextModel trains a tiny LSTM on the whole Opticks for one
// epoch: the report holds its bits per character next to the n-gram
// model's (1.996926, order 7, fitted in the same run: the values of
// datasets/testdata/ngram/opticks_kn.py, run by hand), the sample has the
// length asked for, a saved model evaluates to the same bits and, with
// the same seed, generates the same sample, and another with another seed.
func TestTrainTextModel(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on the text")
	}
	out := filepath.Join(t.TempDir(), "text.crn")
	args := []string{"--net", "lstm", "--data", "opticks", "--hidden", "8", "--epochs", "1", "--sample", "40"}
	r := trainJSON(t, append(args, "--out", out)...)
	bits, _ := r["bits_per_char"].(float64)
	ng, _ := r["ngram_bits_per_char"].(float64)
	if !(bits > 1 && bits < math.Log2(91)+0.5) || math.Abs(ng-1.996926) > 1e-6 || r["ngram_order"] != 7.0 {
		t.Errorf("bits_per_char %v, ngram_bits_per_char %v (order %v)", r["bits_per_char"], r["ngram_bits_per_char"], r["ngram_order"])
	}
	s, _ := r["sample"].(string)
	if n := len([]rune(s)); n != 40 {
		t.Errorf("sample of %d runes %q, want 40", n, s)
	}
	var e map[string]any
	for _, seed := range []string{"1", "2"} {
		code, text, errs := runCmd(t, "eval", "--model", out, "--json", "--sample", "40", "--seed", seed)
		if code != 0 {
			t.Fatalf("eval: exit %d, %s", code, errs)
		}
		decodeOneLine(t, text, &e)
		if e["bits_per_char"] != r["bits_per_char"] {
			t.Errorf("eval: bits_per_char %v, train said %v", e["bits_per_char"], r["bits_per_char"])
		}
		if same := e["sample"] == s; same != (seed == "1") {
			t.Errorf("eval --seed %s sampled %q, train --seed 1 %q", seed, e["sample"], s)
		}
	}
	code, text, _ := runCmd(t, "train", "--net", "gru", "--data", "opticks", "--hidden", "4", "--epochs", "1", "--sample", "10", "--temperature", "0.5")
	if code != 0 || !strings.Contains(text, "test bits per character: ") || !strings.Contains(text, "smoothed 7-gram model") ||
		!strings.Contains(text, "sample (10 characters, seed 1, temperature 0.5):") {
		t.Errorf("exit %d, output:\n%s", code, text)
	}
	// Two stacked layers trained with the state carried and the gradients
	// clipped: saved and loaded, they score the same bits.
	out2 := filepath.Join(t.TempDir(), "stacked.crn")
	r = trainJSON(t, "--net", "gru", "--data", "opticks", "--hidden", "6,5", "--epochs", "1", "--stateful", "--clip", "1", "--out", out2)
	if r["stateful"] != true || r["clip"] != 1.0 || r["layers"] != "91-6-5-91 (50 steps) (dropout 0.3)" {
		t.Errorf("stateful stacked gru: stateful %v, clip %v, layers %v", r["stateful"], r["clip"], r["layers"])
	}
	code, text, errs := runCmd(t, "eval", "--model", out2, "--json")
	if code != 0 {
		t.Fatalf("eval: exit %d, %s", code, errs)
	}
	decodeOneLine(t, text, &e)
	if b, ok := r["bits_per_char"].(float64); !ok || e["bits_per_char"] != b || !(b > 1 && b < math.Log2(91)+0.5) {
		t.Errorf("stacked gru: eval bits_per_char %v, train said %v", e["bits_per_char"], r["bits_per_char"])
	}
}

// TestGatedFlagErrors checks the usage errors (exit 2, one line) of the
// gated networks and the text model's flags.
func TestGatedFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"train", "--net", "lstm", "--hidden", "4,4,4,4,4,4,4,4,4"}, // more than nets.MaxGatedLayers
		{"train", "--net", "rnn", "--data", "opticks", "--stateful"},
		{"train", "--net", "lstm", "--data", "sunspots", "--stateful"},
		{"train", "--net", "lstm", "--clip", "-1"},
		{"train", "--net", "gru", "--act", "relu"},
		{"train", "--net", "lstmx"},
		{"train", "--net", "ff", "--data", "opticks"},
		{"train", "--net", "lstm", "--data", "opticks", "--loss", "mse"},
		{"train", "--net", "lstm", "--data", "iris", "--sample", "10"},
		{"train", "--net", "lstm", "--data", "opticks", "--sample", "-1"},
		{"train", "--net", "lstm", "--data", "opticks", "--temperature", "0"},
		{"train", "--net", "lstm", "--data", "opticks", "--temperature", "-1"},
		{"graph", "--net", "gru", "--seq", "0"},
		{"eval", "--model", "x.crn", "--sample", "-3"},
		{"eval", "--model", "x.crn", "--temperature", "0"},
	} {
		if code, _, errs := runCmd(t, args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, errs)
		}
	}
}

// TestGraphGated prints the LSTM's and GRU's training graphs.
func TestGraphGated(t *testing.T) {
	for _, net := range []string{"lstm", "gru"} {
		code, out, errs := runCmd(t, "graph", "--net", net, "--seq", "2", "--grad")
		if code != 0 || !strings.HasPrefix(out, "# "+net+": 2 inputs, hidden [2]") || !strings.Contains(out, "# dloss/dWh = ") {
			t.Errorf("%s: exit %d, stderr %q, output:\n%s", net, code, errs, out)
		}
	}
}

// The text model's documented defaults (docs/cli.md, defaults_gated.go):
// batch 32, Adam 0.005 ×0.9, float32, windows shuffled (not stateful);
// the LSTM two layers of 320 and 12 epochs, the GRU two layers of 256 and
// 16 epochs, both dropout 0.3, which buildSpec passes on; the RNN one layer
// of 256, 10 epochs, no dropout.
func TestTextDefaults(t *testing.T) {
	ds, err := datasets.CharSequences([]int{0, 1, 2, 0, 1, 2}, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	p := &prepared{name: "opticks", key: "opticks", train: ds, test: ds, steps: 2, feat: 3, everyStep: true, text: &textData{}}
	for _, kind := range []nets.Kind{nets.KindLSTM, nets.KindGRU, nets.KindRNN} {
		h := defaults(kind, p)
		want, hidden, epochs := 0.3, []int{256, 256}, 16
		switch kind {
		case nets.KindLSTM:
			hidden, epochs = []int{320, 320}, 12
		case nets.KindRNN:
			want, hidden, epochs = 0, []int{256}, 10
		}
		if !slices.Equal(h.hidden, hidden) || h.batch != 32 || h.lr != 0.005 || h.decay != 0.9 || h.epochs != epochs ||
			h.dtype != nets.Float32 || h.dropout != want || h.solver != "adam" || h.stateful || h.clip != 0 {
			t.Errorf("%s: defaults %+v", kind, h)
		}
		if s := buildSpec(kind, p, h); s.Dropout != want || !s.EveryStep || s.Outputs != 3 || !slices.Equal(s.Hidden, hidden) {
			t.Errorf("%s: spec %+v", kind, s)
		}
	}
}
