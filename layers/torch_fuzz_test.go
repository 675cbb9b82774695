package layers_test

import (
	"bytes"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/weights"
)

// FuzzFromTorch feeds damaged safetensors files of a state_dict to
// FromTorch on an MLP with batch norm and an LSTM model: it must load them
// or return an error leaving the model as it was, never panic; whatever it
// loads, ToTorch gives back bit for bit (but LSTM's two biases, summed).
func FuzzFromTorch(f *testing.F) {
	models := func(t testing.TB) []*layers.Model {
		var ms []*layers.Model
		for _, c := range []struct {
			root layers.Layer
			in   []int
		}{
			{layers.Seq(&layers.Linear{Out: 3}, &layers.BatchNorm{}, layers.ReLU{}, &layers.Linear{Out: 2}), []int{-1, 2}},
			{layers.Seq(&layers.LSTM{Hidden: 2}, &layers.Linear{Out: 1}), []int{-1, 3, 2}},
		} {
			m, err := layers.NewModel(c.root, layers.Spec{Dtype: tensor.Float32, Input: c.in, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
		}
		return ms
	}
	for _, m := range models(f) {
		ts, err := layers.ToTorch(m)
		if err != nil {
			f.Fatal(err)
		}
		var b bytes.Buffer
		if err := weights.WriteSafetensors(&b, ts, nil); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ts, _, err := weights.ReadSafetensors(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		for _, m := range models(t) {
			before := snapshot(m)
			if err := layers.FromTorch(m, ts); err != nil {
				if !sameSnapshot(before, snapshot(m)) {
					t.Fatalf("a refused FromTorch changed the model: %v", err)
				}
				continue
			}
			back, err := layers.ToTorch(m)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range back {
				src := weights.Find(ts, n.Name)
				if src == nil {
					t.Fatalf("%s: exported, not in the loaded file", n.Name)
				}
				if strings.Contains(n.Name, "bias_") { // LSTM: the two biases come back summed
					continue
				}
				if !sameSnapshot(map[string][]float64{"": f64s(src)}, map[string][]float64{"": f64s(n.Value)}) {
					t.Fatalf("%s: exported %v, loaded %v", n.Name, f64s(n.Value), f64s(src))
				}
			}
		}
	})
}
