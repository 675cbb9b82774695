package layers_test

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// residual is a user's own layer: a struct holding a layer, registered.
type residual struct {
	Inner layers.Layer
	Scale float64
	Tags  []string
}

func (r *residual) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	y := r.Inner.Forward(s.In("inner"), x)
	return ops.Add(x, ops.Mul(y, s.Graph().ScalarOf(x.Dtype(), r.Scale)))
}

// unregistered is never registered.
type unregistered struct{ N int }

func (unregistered) Forward(s *layers.Scope, x *graph.Node) *graph.Node { return x }

func init() { layers.Register("layers_test.residual", &residual{}) }

// roundTrip trains m one step (so batch norm's running statistics move),
// saves it, loads it back and checks the tree, the spec, every tensor and
// the predictions (bit for bit).
func roundTrip(t *testing.T, name string, m *layers.Model) *layers.Model {
	t.Helper()
	sp := m.Spec()
	in := append([]int{3}, sp.Input[1:]...)
	n := 1
	for _, d := range in {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i%7)/3 - 1
	}
	x := dense(sp.Dtype, v, in...)
	if sp.InputDtype == tensor.Int {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i % 5
		}
		x = tensor.New(tensor.WithShape(in...), tensor.WithBacking(idx))
	}
	y0, err := m.Predict(x)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tr, err := m.Trainer(3, ops.MeanSquaredError)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if _, err := tr.Step(x, y0.Clone().(*tensor.Dense), &solvers.SGD{Options: solvers.Options{LR: 0.1}}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	path := filepath.Join(t.TempDir(), "m.layers")
	if err := layers.Save(m, path); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	back, err := layers.Load(path)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !reflect.DeepEqual(back.Root(), m.Root()) {
		t.Fatalf("%s: tree %#v, want %#v", name, back.Root(), m.Root())
	}
	if !reflect.DeepEqual(back.Spec(), m.Spec()) {
		t.Fatalf("%s: spec %+v, want %+v", name, back.Spec(), m.Spec())
	}
	a, b := m.Store().Entries(), back.Store().Entries()
	if len(a) != len(b) {
		t.Fatalf("%s: %d tensors, want %d", name, len(b), len(a))
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Trainable != b[i].Trainable || !same(a[i].Value, b[i].Value) {
			t.Fatalf("%s: tensor %d: %s differs after loading", name, i, a[i].Name)
		}
	}
	if !reflect.DeepEqual(back.Store().Seeds(), m.Store().Seeds()) || back.Counter() != m.Counter() {
		t.Fatalf("%s: seeds %v and counter %d after loading, want %v and %d", name, back.Store().Seeds(), back.Counter(), m.Store().Seeds(), m.Counter())
	}
	want, _ := m.Predict(x)
	got, err := back.Predict(x)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !same(got, want) {
		t.Fatalf("%s: predictions differ after loading", name)
	}
	// LoadInto a fresh model of the same architecture restores the same.
	fs := sp
	fs.Seed++
	fresh, err := layers.NewModel(back.Root(), fs)
	if err != nil {
		t.Fatal(err)
	}
	if err := layers.LoadInto(fresh, path); err != nil {
		t.Fatalf("%s: LoadInto: %v", name, err)
	}
	if got, _ := fresh.Predict(x); !same(got, want) {
		t.Fatalf("%s: predictions differ after LoadInto", name)
	}
	if !reflect.DeepEqual(fresh.Store().Seeds(), m.Store().Seeds()) || fresh.Counter() != m.Counter() {
		t.Fatalf("%s: seeds %v and counter %d after LoadInto, want %v and %d", name, fresh.Store().Seeds(), fresh.Counter(), m.Store().Seeds(), m.Counter())
	}
	return back
}

func TestSaveLoadEveryBuiltin(t *testing.T) {
	flat := map[string]layers.Layer{
		"Linear": &layers.Linear{Out: 3, Init: "he"}, "Linear no bias": &layers.Linear{In: 4, Out: 2, NoBias: true},
		"ReLU": layers.ReLU{}, "Sigmoid": layers.Sigmoid{}, "Tanh": layers.Tanh{}, "SiLU": layers.SiLU{},
		"LeakyReLU": &layers.LeakyReLU{Alpha: 0.2}, "GELU": &layers.GELU{Tanh: true}, "Softmax": layers.Softmax{},
		"LayerNorm": &layers.LayerNorm{Eps: 1e-6}, "BatchNorm": &layers.BatchNorm{Momentum: 0.3},
		"Named":      layers.Name("dense", &layers.Linear{Out: 2}),
		"Sequential": layers.Seq(&layers.Linear{Out: 5}, layers.ReLU{}, layers.Seq(&layers.Linear{Out: 2})),
		"Dropout":    &layers.Dropout{P: 0.3},
	}
	for name, l := range flat {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 4}, l), layers.Spec{Dtype: dt, Input: []int{-1, 4}, Seed: 2})
			if err != nil {
				t.Fatal(name, err)
			}
			roundTrip(t, name, m)
		}
	}
	image := map[string]layers.Layer{
		"Flatten":       layers.Seq(layers.Flatten{}, &layers.Linear{Out: 2}),
		"GlobalAvgPool": layers.Seq(&layers.BatchNorm{Features: 2}, layers.GlobalAvgPool{}),
		"Conv2D":        layers.Seq(&layers.Conv2D{Out: 4, Kernel: [2]int{2, 2}, Padding: [2]int{1, 0}, Stride: [2]int{1, 2}, Groups: 2}, layers.Flatten{}),
		"Conv2D he":     &layers.Conv2D{In: 2, Out: 3, Kernel: [2]int{3, 1}, Dilation: [2]int{1, 2}, NoBias: true, Init: "he"},
		"MaxPool2D":     &layers.MaxPool2D{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}},
		"AvgPool2D":     layers.Seq(&layers.Conv2D{Out: 2, Kernel: [2]int{1, 1}}, &layers.AvgPool2D{Kernel: [2]int{3, 2}, Padding: [2]int{1, 1}}),
	}
	for name, l := range image {
		m, err := layers.NewModel(l, layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 2, 3, 3}, Seed: 2})
		if err != nil {
			t.Fatal(name, err)
		}
		roundTrip(t, name, m)
	}
	emb := layers.Seq(&layers.Embedding{Vocab: 5, Dim: 3, Init: "he"}, &layers.Dropout{P: 0.5}, layers.Flatten{}, &layers.Linear{Out: 2})
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		m, err := layers.NewModel(emb, layers.Spec{Dtype: dt, InputDtype: tensor.Int, Input: []int{-1, 4}, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, "Embedding", m)
	}
}

func TestSaveLoadCustomLayer(t *testing.T) {
	root := layers.Seq(&residual{Inner: layers.Seq(&layers.Linear{Out: 4}, layers.Tanh{}), Scale: 0.5, Tags: []string{"a"}}, &layers.Linear{Out: 1})
	m, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	back := roundTrip(t, "residual", m)
	if r := back.Root().(*layers.Sequential).Layers[0].(*residual); r.Scale != 0.5 || r.Tags[0] != "a" {
		t.Fatalf("custom layer %+v", r)
	}
	if back.Store().Lookup("0.inner.0.W") == nil {
		t.Fatal("custom layer's nested param missing")
	}
}

func TestSaveUnregisteredLayer(t *testing.T) {
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 2}, unregistered{}), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.layers")
	err = layers.Save(m, path)
	if err == nil || !strings.Contains(err.Error(), "layers_test.unregistered") || !strings.Contains(err.Error(), "root(Sequential).Layers[1]") || !strings.Contains(err.Error(), "not registered") {
		t.Fatalf("error %v, want it to name the type and its place", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("a refused save wrote a file")
	}
	f, err := layers.NewModel(layers.Func(ops.Tanh), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}})
	if err != nil {
		t.Fatal(err)
	}
	if err := layers.Save(f, path); err == nil || !strings.Contains(err.Error(), "layers.Func") {
		t.Fatalf("Func saved: %v", err)
	}
}

func TestLoadIntoOtherArchitecture(t *testing.T) {
	spec := layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 1}
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 16}, layers.ReLU{}, &layers.Linear{Out: 3}), spec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.layers")
	if err := layers.Save(m, path); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		root layers.Layer
		spec layers.Spec
		want string
	}{
		{layers.Seq(&layers.Linear{Out: 8}, layers.ReLU{}, &layers.Linear{Out: 3}), spec, "root(Sequential).Layers[0](Linear).Out is 16 in the file, 8 in the model"},
		{layers.Seq(&layers.Linear{Out: 16}, layers.Tanh{}, &layers.Linear{Out: 3}), spec, "root(Sequential).Layers[1] is a ReLU in the file, a Tanh in the model"},
		{layers.Seq(&layers.Linear{Out: 16}, layers.ReLU{}), spec, "root(Sequential).Layers is a list of 3 in the file, a list of 2 in the model"},
		{layers.Seq(&layers.Linear{Out: 16}, layers.ReLU{}, &layers.Linear{Out: 3}), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 5}}, "the file's input is float64 [-1 4], this model's float64 [-1 5]"},
	} {
		other, err := layers.NewModel(c.root, c.spec)
		if err != nil {
			t.Fatal(err)
		}
		before := append([]float64(nil), other.Store().Entries()[0].Value.Float64s()...)
		err = layers.LoadInto(other, path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
		if !reflect.DeepEqual(before, other.Store().Entries()[0].Value.Float64s()) {
			t.Error("a refused LoadInto changed the model")
		}
	}
}

func TestLoadDamagedFiles(t *testing.T) {
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 3}, &layers.BatchNorm{}), layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	good, err := layers.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	load := func(b []byte) error {
		_, err := layers.Decode(b)
		return err
	}
	if err := load(good); err != nil {
		t.Fatal(err)
	}
	// Every truncation and every single flipped byte is refused, without a
	// panic.
	for i := 0; i < len(good); i++ {
		if err := load(good[:i]); err == nil {
			t.Fatalf("truncated to %d bytes: loaded", i)
		}
		bad := append([]byte(nil), good...)
		bad[i] ^= 0x40
		if err := load(bad); err == nil {
			t.Fatalf("byte %d flipped: loaded", i)
		}
	}
	// A body length beyond the file is caught before anything is allocated.
	huge := append([]byte(nil), good...)
	binary.LittleEndian.PutUint64(huge[len(layers.Magic)+4:], 1<<62)
	if err := load(huge); !errors.Is(err, layers.ErrCorrupted) || !strings.Contains(err.Error(), "body bytes") {
		t.Fatalf("huge length: %v", err)
	}
	newer := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(newer[len(layers.Magic):], 2)
	if err := load(newer); err == nil || !strings.Contains(err.Error(), "format version 2; this program reads version 1") {
		t.Fatalf("newer version: %v", err)
	}
	// A nets model file (magic "CHAINRULE-MODEL", as nets/save.go writes).
	netsFile := filepath.Join(dir, "nets.model")
	if err := os.WriteFile(netsFile, append([]byte("CHAINRULE-MODEL"), make([]byte, 40)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := layers.Load(netsFile); err == nil || !strings.Contains(err.Error(), "nets.Load") {
		t.Fatalf("nets file: %v", err)
	}
}

func TestSaveRefusesNaN(t *testing.T) {
	m, err := layers.NewModel(&layers.Linear{Out: 2}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	m.Store().Lookup("W").Value.Float64s()[1] = nan()
	if _, err := layers.Encode(m); err == nil || !strings.Contains(err.Error(), "W[1] is NaN") {
		t.Fatalf("error %v", err)
	}
}

// A file written before seeds, the run counter and the input dtype were
// saved (testdata/v1_before_seeds.layers, by layers at commit 2138cfb: an
// untrained he-Linear, BatchNorm and Tanh over [-1, 4] float32, seed 5)
// still loads, with the tensors the same spec draws today.
func TestLoadFileWithoutSeeds(t *testing.T) {
	back, err := layers.Load(filepath.Join("testdata", "v1_before_seeds.layers"))
	if err != nil {
		t.Fatal(err)
	}
	spec := layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 4}, Seed: 5}
	if !reflect.DeepEqual(back.Spec(), spec) || back.Counter() != 0 || len(back.Store().Seeds()) != 0 {
		t.Fatalf("spec %+v, counter %d, seeds %v", back.Spec(), back.Counter(), back.Store().Seeds())
	}
	now, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 3, Init: "he"}, &layers.BatchNorm{}, layers.Tanh{}), spec)
	if err != nil {
		t.Fatal(err)
	}
	a, b := back.Store().Entries(), now.Store().Entries()
	if len(a) != len(b) {
		t.Fatalf("%d tensors, want %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !same(a[i].Value, b[i].Value) {
			t.Fatalf("tensor %s differs from a model drawn now", a[i].Name)
		}
	}
}
