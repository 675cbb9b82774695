package layers_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/weights"
)

// bnNet is Linear(3→out), BatchNorm, ReLU, Linear(→2) over [-1, 3].
func bnNet(t *testing.T, dt tensor.Dtype, out int, seed uint64) *layers.Model {
	t.Helper()
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: out}, &layers.BatchNorm{}, layers.ReLU{}, &layers.Linear{Out: 2}),
		layers.Spec{Dtype: dt, Input: []int{-1, 3}, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// snapshot returns a copy of every tensor of m by name.
func snapshot(m *layers.Model) map[string][]float64 {
	out := map[string][]float64{}
	for _, e := range m.Store().Entries() {
		out[e.Name] = f64s(e.Value)
	}
	return out
}

func sameSnapshot(a, b map[string][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || len(v) != len(w) {
			return false
		}
		for i := range v {
			if math.Float64bits(v[i]) != math.Float64bits(w[i]) {
				return false
			}
		}
	}
	return true
}

var bnX = tensor.New(tensor.WithShape(4, 3), tensor.WithBacking([]float64{1, 2, 3, -1, 0, 2, 0.5, -2, 1, 3, 1, -1}))

// A model's params and batch norm's running statistics go out under their
// store names in both formats and come back bit for bit into a model of
// other weights, whose compiled programs then predict as the first model.
func TestSaveLoadWeights(t *testing.T) {
	src := bnNet(t, tensor.Float64, 4, 1)
	tr, err := src.LabelTrainer(4, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Compute(bnX, tensor.New(tensor.WithBacking([]int{0, 1, 1, 0}))); err != nil { // moves the running statistics
		t.Fatal(err)
	}
	if v := src.Store().Lookup("1.mean").Value.Float64s(); v[0] == 0 {
		t.Fatal("the training step did not move the running mean; the test would prove nothing about state")
	}
	want, err := src.Predict(bnX)
	if err != nil {
		t.Fatal(err)
	}
	want = want.Clone().(*tensor.Dense)
	dir := t.TempDir()
	st, npz := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.npz")
	if err := layers.SaveSafetensors(src, st); err != nil {
		t.Fatal(err)
	}
	if err := layers.SaveNPZ(src, npz); err != nil {
		t.Fatal(err)
	}
	// What the file holds, read back by the weights package: every entry,
	// params and state, by name, and the layer tree in the metadata.
	ts, meta, err := weights.ReadSafetensorsFile(st)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range ts {
		names = append(names, n.Name)
	}
	sort.Strings(names)
	if got := strings.Join(names, " "); got != "0.W 0.b 1.beta 1.gamma 1.mean 1.var 3.W 3.b" {
		t.Errorf("the file holds %s", got)
	}
	if meta["writer"] != "chainrule" || !strings.Contains(meta["layers"], `"BatchNorm"`) {
		t.Errorf("metadata %v", meta)
	}
	for _, path := range []string{st, npz} {
		dst := bnNet(t, tensor.Float64, 4, 2)
		if _, err := dst.Predict(bnX); err != nil { // compile first: the load must reach the programs' tensors
			t.Fatal(err)
		}
		load := layers.LoadSafetensors
		if strings.HasSuffix(path, ".npz") {
			load = layers.LoadNPZ
		}
		if err := load(dst, path); err != nil {
			t.Fatal(err)
		}
		if !sameSnapshot(snapshot(src), snapshot(dst)) {
			t.Errorf("%s: the loaded tensors differ from the saved ones", path)
		}
		got, err := dst.Predict(bnX)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range got.Float64s() {
			if v != want.Float64s()[i] {
				t.Fatalf("%s: prediction %d is %v, the saved model's %v", path, i, v, want.Float64s()[i])
			}
		}
	}
}

// A file that does not fit is refused naming the first mismatch, and the
// model keeps its tensors.
func TestLoadWeightsMismatch(t *testing.T) {
	dir := t.TempDir()
	save := func(m *layers.Model, name string) string {
		p := filepath.Join(dir, name)
		if err := layers.SaveSafetensors(m, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	wide := save(bnNet(t, tensor.Float64, 5, 1), "wide.safetensors")
	f32 := save(bnNet(t, tensor.Float32, 4, 1), "f32.safetensors")
	partial := filepath.Join(dir, "partial.npz")
	ts := layers.Tensors(bnNet(t, tensor.Float64, 4, 1))
	if err := weights.WriteNPZFile(partial, ts[:len(ts)-1]); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, want string
		npz        bool
	}{
		{wide, "0.W: the file has shape (3, 5), the model has (3, 4) (and 6 more mismatches)", false}, // all but 3.b,
		{f32, "0.W: the file has dtype float32, the model has float64 (and 7 more mismatches)", false},
		{partial, "3.b: missing from the file", true},
	} {
		m := bnNet(t, tensor.Float64, 4, 3)
		before := snapshot(m)
		var err error
		if c.npz {
			err = layers.LoadNPZ(m, c.path)
		} else {
			err = layers.LoadSafetensors(m, c.path)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, weights.ErrMismatch) {
			t.Errorf("%s: error %v, want one saying %q", filepath.Base(c.path), err, c.want)
		}
		if !sameSnapshot(before, snapshot(m)) {
			t.Errorf("%s: the refused load changed the model", filepath.Base(c.path))
		}
	}
	if err := layers.LoadSafetensors(nil, wide); err == nil {
		t.Error("a nil model loaded")
	}
	if err := layers.LoadNPZ(bnNet(t, tensor.Float64, 4, 3), filepath.Join(dir, "absent.npz")); err == nil || !strings.Contains(err.Error(), "absent.npz") {
		t.Errorf("a missing file: %v", err)
	}
}

// A model holding NaN is not exported, and nothing is written.
func TestSaveWeightsRefusesNaN(t *testing.T) {
	m := bnNet(t, tensor.Float64, 4, 1)
	m.Store().Lookup("3.b").Value.Float64s()[1] = math.NaN()
	dir := t.TempDir()
	for _, save := range []func(*layers.Model, string) error{layers.SaveSafetensors, layers.SaveNPZ} {
		p := filepath.Join(dir, "broken")
		if err := save(m, p); err == nil || !strings.Contains(err.Error(), "3.b[1] is NaN") {
			t.Errorf("error %v, want one naming 3.b[1]", err)
		}
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("a refused save left a file: %v", err)
		}
		if err := save(nil, p); err == nil {
			t.Error("a nil model saved")
		}
	}
}
