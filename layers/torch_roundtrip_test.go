package layers_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
	"github.com/chainrule/chainrule/weights"
)

// torchPython returns /usr/bin/python3 if it imports torch and numpy, or
// skips the test saying so.
func torchPython(t *testing.T) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import torch, numpy").Run(); err != nil {
		t.Skipf("%s cannot import torch and numpy (%v): skipping the PyTorch round trip", py, err)
	}
	return py
}

// digits returns 2,000 training and 500 held-out embedded MNIST digits,
// shuffled with a fixed seed, pixels scaled to 0..1: x [N, 784] float64 and
// the labels.
func digits(t *testing.T) (xTrain *tensor.Dense, yTrain []int, xTest *tensor.Dense, yTest []int) {
	t.Helper()
	ds, err := datasets.MNIST()
	if err != nil {
		t.Fatal(err)
	}
	perm := rand.New(rand.NewPCG(15, 15)).Perm(ds.X.Shape()[0])
	px, labels := ds.X.Float64s(), ds.Y.Ints()
	rows := func(idx []int) *tensor.Dense {
		out := make([]float64, 0, len(idx)*784)
		for _, i := range idx {
			for _, v := range px[i*784 : (i+1)*784] {
				out = append(out, v/255)
			}
		}
		return tensor.New(tensor.WithShape(len(idx), 784), tensor.WithBacking(out))
	}
	for _, i := range perm[:2000] {
		yTrain = append(yTrain, labels[i])
	}
	for _, i := range perm[2000:2500] {
		yTest = append(yTest, labels[i])
	}
	return rows(perm[:2000]), yTrain, rows(perm[2000:2500]), yTest
}

// torchCase is a model of the round trip: kind names the composition
// (roundTripLayer) and the torch.nn module (module() in
// testdata/torch_roundtrip.py).
type torchCase struct {
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	Dtype  string  `json:"dtype"`
	Seed   uint64  `json:"seed,omitempty"`
	LR     float64 `json:"lr,omitempty"`
	Epochs int     `json:"epochs,omitempty"`
	Adam   bool    `json:"adam,omitempty"` // train with Adam, not SGD
}

func (c torchCase) dtype() tensor.Dtype {
	if c.Dtype == "float64" {
		return tensor.Float64
	}
	return tensor.Float32
}

// roundTripLayer returns the composition of kind and its input shape; the
// equivalent torch modules are in docs/interop.md and the script.
func roundTripLayer(kind string) (layers.Layer, []int) {
	switch kind {
	case "mlp":
		return layers.Seq(&layers.Linear{Out: 64}, layers.ReLU{}, &layers.Linear{Out: 10}), []int{-1, 784}
	case "cnn":
		conv := func(out int) *layers.Conv2D {
			return &layers.Conv2D{Out: out, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}}
		}
		return layers.Seq(conv(4), &layers.BatchNorm{}, layers.ReLU{}, &layers.MaxPool2D{Kernel: [2]int{2, 2}},
			conv(8), layers.ReLU{}, &layers.MaxPool2D{Kernel: [2]int{2, 2}},
			layers.Flatten{}, &layers.Linear{Out: 10}), []int{-1, 1, 28, 28}
	case "lstm":
		return layers.Seq(&layers.LSTM{Hidden: 16}, &layers.Linear{Out: 10}), []int{-1, 28, 28}
	case "gru":
		return layers.Seq(&layers.GRU{Hidden: 16}, &layers.Linear{Out: 10}), []int{-1, 28, 28}
	case "rnnln":
		return layers.Seq(&layers.Elman{Hidden: 16, Activation: "relu"}, &layers.LayerNorm{}, &layers.Linear{Out: 10}), []int{-1, 28, 28}
	case "mlpbn":
		return layers.Seq(&layers.Linear{Out: 32}, &layers.BatchNorm{}, layers.ReLU{}, &layers.Linear{Out: 10}), []int{-1, 784}
	}
	panic("unknown kind " + kind)
}

func newRoundTripModel(t *testing.T, c torchCase) *layers.Model {
	t.Helper()
	root, in := roundTripLayer(c.Kind)
	m, err := layers.NewModel(root, layers.Spec{Dtype: c.dtype(), Input: in, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// asInput returns rows [lo, hi) of x [N, 784] in the model's dtype and
// input shape.
func asInput(m *layers.Model, x *tensor.Dense, lo, hi int) *tensor.Dense {
	in := append([]int{hi - lo}, m.Spec().Input[1:]...)
	v := x.Float64s()[lo*784 : hi*784]
	if m.Spec().Dtype == tensor.Float32 {
		f := make([]float32, len(v))
		for i, e := range v {
			f[i] = float32(e)
		}
		return tensor.New(tensor.WithShape(in...), tensor.WithBacking(f))
	}
	return tensor.New(tensor.WithShape(in...), tensor.WithBacking(append([]float64(nil), v...)))
}

// trainGo trains m at batch 50 over the first n digits, epochs times, in a
// fixed order: with SGD, or Adam for a recurrent model (which SGD trains
// slowly).
func trainGo(t *testing.T, m *layers.Model, x *tensor.Dense, y []int, n, epochs int, lr float64) {
	t.Helper()
	tr, err := m.LabelTrainer(50, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	var opt layers.Optimizer = &solvers.SGD{Options: solvers.Options{LR: lr}}
	switch m.Root().(*layers.Sequential).Layers[0].(type) {
	case *layers.LSTM, *layers.GRU, *layers.Elman:
		opt = &solvers.Adam{Options: solvers.Options{LR: lr}}
	}
	for e := 0; e < epochs; e++ {
		for lo := 0; lo+50 <= n; lo += 50 {
			labels := tensor.New(tensor.WithBacking(append([]int(nil), y[lo:lo+50]...)))
			if _, err := tr.Step(asInput(m, x, lo, lo+50), labels, opt); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// compareLogits checks that got (chainrule's logits) and want (PyTorch's)
// give the same class for every row and differ by at most
// tol·max(1, |want|) everywhere.
func compareLogits(t *testing.T, what string, got, want *tensor.Dense, tol float64) {
	t.Helper()
	if !got.Shape().Eq(want.Shape()) {
		t.Fatalf("%s: logits %v, PyTorch's %v", what, got.Shape(), want.Shape())
	}
	g, w := f64s(got), f64s(want)
	worst := 0.0
	for i := range g {
		if d := math.Abs(g[i]-w[i]) / math.Max(1, math.Abs(w[i])); d > worst {
			worst = d
		}
	}
	k := got.Shape()[1]
	for r := 0; r < len(g)/k; r++ {
		if a, b := argmax(g[r*k:(r+1)*k]), argmax(w[r*k:(r+1)*k]); a != b {
			t.Errorf("%s: digit %d is class %d here, %d in PyTorch", what, r, a, b)
		}
	}
	if worst > tol {
		t.Errorf("%s: logits differ from PyTorch's by up to %.3g (relative to max(1, |v|)), want <= %g", what, worst, tol)
	}
	t.Logf("%s: %d digits, largest difference %.2g", what, len(g)/k, worst)
}

func tolerance(dt tensor.Dtype) float64 {
	if dt == tensor.Float64 {
		return 1e-10
	}
	return 1e-5
}

// accuracy returns the share of rows of y whose largest logit is the label.
func accuracy(y *tensor.Dense, labels []int) float64 {
	v, k, hit := f64s(y), y.Shape()[1], 0
	for r := range labels {
		if argmax(v[r*k:(r+1)*k]) == labels[r] {
			hit++
		}
	}
	return float64(hit) / float64(len(labels))
}

// TestTorchRoundTrip proves the PyTorch mapping both ways with
// testdata/torch_roundtrip.py. Out: an MLP (float64), a CNN with batch norm
// (float32), an LSTM (float32), a GRU (float64) and an Elman RNN with layer
// norm (float32), trained here on 2,000 embedded MNIST digits and exported
// with SaveTorch as safetensors and .npz, load into the torch.nn modules with
// load_state_dict(strict=True) and give the same classes on 500 held-out
// digits, logits to 1e-10 (float64) or 1e-5 (float32). Back: the script
// trains an MLP, the CNN, an MLP with BatchNorm1d (SGD), an LSTM (float32)
// and a GRU (float64) (Adam) for an epoch and saves their state_dicts;
// LoadTorch loads both files and chainrule gives PyTorch's predictions to
// the same tolerances.
func TestTorchRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the PyTorch round trip (10–20 s)")
	}
	py := torchPython(t)
	dir := t.TempDir()
	xTrain, yTrain, xTest, yTest := digits(t)
	ylab := make([]float64, len(yTrain))
	for i, v := range yTrain {
		ylab[i] = float64(v)
	}
	if err := weights.WriteNPZFile(filepath.Join(dir, "digits.npz"), []weights.Named{
		{Name: "x_train", Value: xTrain}, {Name: "y_train", Value: tensor.New(tensor.WithBacking(ylab))}, {Name: "x_test", Value: xTest},
	}); err != nil {
		t.Fatal(err)
	}
	export := []torchCase{{Name: "mlp64", Kind: "mlp", Dtype: "float64"}, {Name: "cnn32", Kind: "cnn", Dtype: "float32"},
		{Name: "lstm32", Kind: "lstm", Dtype: "float32"}, {Name: "gru64", Kind: "gru", Dtype: "float64"}, {Name: "rnnln32", Kind: "rnnln", Dtype: "float32"}}
	train := map[string]struct {
		n, epochs int
		lr        float64
	}{"mlp": {2000, 3, 0.1}, "cnn": {2000, 2, 0.1}, "lstm": {2000, 2, 0.01}, "gru": {2000, 2, 0.01}, "rnnln": {2000, 2, 0.01}}
	ours := map[string]*tensor.Dense{}
	for _, c := range export {
		start := time.Now()
		m := newRoundTripModel(t, c)
		p := train[c.Kind]
		trainGo(t, m, xTrain, yTrain, p.n, p.epochs, p.lr)
		for _, ext := range []string{".safetensors", ".npz"} {
			if err := layers.SaveTorch(m, filepath.Join(dir, c.Name+ext)); err != nil {
				t.Fatal(err)
			}
		}
		y, err := m.Predict(asInput(m, xTest, 0, 500))
		if err != nil {
			t.Fatal(err)
		}
		ours[c.Name] = y.Clone().(*tensor.Dense) // the program's own, overwritten by the next Predict
		t.Logf("%s: trained here in %v, training accuracy %.2f", c.Name, time.Since(start).Round(time.Millisecond), accuracyOf(t, m, xTrain, yTrain))
	}
	imports := []torchCase{
		{Name: "torch_mlp32", Kind: "mlp", Dtype: "float32", Seed: 1, LR: 0.1, Epochs: 1},
		{Name: "torch_cnn32", Kind: "cnn", Dtype: "float32", Seed: 2, LR: 0.1, Epochs: 1},
		{Name: "torch_mlpbn32", Kind: "mlpbn", Dtype: "float32", Seed: 5, LR: 0.1, Epochs: 1},
		{Name: "torch_lstm32", Kind: "lstm", Dtype: "float32", Seed: 3, LR: 0.02, Epochs: 1, Adam: true},
		{Name: "torch_gru64", Kind: "gru", Dtype: "float64", Seed: 4, LR: 0.02, Epochs: 1, Adam: true},
	}
	job, _ := json.Marshal(map[string][]torchCase{"export": export, "import": imports})
	if err := os.WriteFile(filepath.Join(dir, "job.json"), job, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if out, err := exec.Command(py, "testdata/torch_roundtrip.py", dir).CombinedOutput(); err != nil {
		t.Fatalf("torch_roundtrip.py: %v\n%s", err, out)
	}
	t.Logf("torch_roundtrip.py ran in %v", time.Since(start).Round(time.Millisecond))
	for _, c := range export {
		res, err := weights.ReadNPZFile(filepath.Join(dir, c.Name+"_torch.npz"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"safetensors", "npz"} {
			compareLogits(t, "PyTorch given "+c.Name+"."+f, ours[c.Name], weights.Find(res, "logits_"+f), tolerance(c.dtype()))
		}
	}
	for _, c := range imports {
		res, err := weights.ReadNPZFile(filepath.Join(dir, c.Name+"_torch.npz"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"safetensors", "npz"} {
			m := newRoundTripModel(t, c)
			if err := layers.LoadTorch(m, filepath.Join(dir, c.Name+"."+f)); err != nil {
				t.Fatalf("%s.%s: %v", c.Name, f, err)
			}
			y, err := m.Predict(asInput(m, xTest, 0, 500))
			if err != nil {
				t.Fatal(err)
			}
			compareLogits(t, "chainrule given "+c.Name+"."+f, y, weights.Find(res, "logits"), tolerance(c.dtype()))
			if a := accuracy(y, yTest); a < 0.3 { // chance is 0.1
				t.Errorf("%s: held-out accuracy %.2f: PyTorch's model did not learn, so the round trip proves little", c.Name, a)
			} else if f == "npz" {
				t.Logf("%s: held-out accuracy %.2f", c.Name, a)
			}
		}
	}
}

// accuracyOf returns m's accuracy on the first 500 training digits: the
// test asserts that training did something.
func accuracyOf(t *testing.T, m *layers.Model, x *tensor.Dense, y []int) float64 {
	t.Helper()
	out, err := m.Predict(asInput(m, x, 0, 500))
	if err != nil {
		t.Fatal(err)
	}
	a := accuracy(out, y[:500])
	if a < 0.3 { // chance is 0.1
		t.Errorf("training accuracy %.2f: the model did not learn, so the round trip proves little", a)
	}
	return a
}
