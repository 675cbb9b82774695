package nets

import (
	"path/filepath"
	"strings"
	"testing"
)

// A CNN with batch norm exported to .npz or safetensors and loaded into a
// fresh network of the same spec predicts exactly what it did: the exports
// hold the running statistics ("bn1.mean", "bn1.var", ...) besides the
// params (before, a loaded copy evaluated with mean 0 and variance 1).
func TestCNNExportsKeepBatchNormStatistics(t *testing.T) {
	spec := Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{4, 8}, Hidden: []int{16},
		Outputs: 10, BatchNorm: true, Dropout: 0.2, Dtype: Float32}
	net, test := trainCNNDigits(t, spec, 1)
	want, err := Evaluate(net, test)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []struct {
		name string
		save func(Network, string) error
		load func(Network, string) error
	}{{"model.npz", SaveNPZ, LoadNPZ}, {"model.safetensors", SaveSafetensors, LoadSafetensors}} {
		path := filepath.Join(dir, f.name)
		if err := f.save(net, path); err != nil {
			t.Fatal(err)
		}
		fresh, err := New(spec, 2)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.load(fresh, path); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		for _, name := range []string{"bn1.mean", "bn1.var", "bn2.mean", "bn2.var"} {
			e := fresh.Layers().Store().Lookup(name)
			if e == nil || isZero(e.Value.Data()) {
				t.Fatalf("%s: %s not restored: %v", f.name, name, e)
			}
		}
		got, err := Evaluate(fresh, test)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want.Outputs {
			if got.Outputs[i] != want.Outputs[i] {
				t.Fatalf("%s: output %d: %v before export, %v after loading", f.name, i, want.Outputs[i], got.Outputs[i])
			}
		}
	}
	// A file of the same CNN without batch norm is refused, naming the
	// batch norm's tensors it lacks.
	noStats, err := New(Spec{Kind: KindCNN, Image: []int{8, 8}, Channels: []int{4, 8}, Hidden: []int{16}, Outputs: 10, Dtype: Float32}, 1)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "params-only.npz")
	if err := SaveNPZ(noStats, path); err != nil {
		t.Fatal(err)
	}
	fresh, err := New(spec, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := LoadNPZ(fresh, path); err == nil || !strings.Contains(err.Error(), "bn1.") {
		t.Fatalf("LoadNPZ of a file without the statistics: %v, want an error naming bn1's", err)
	}
}
