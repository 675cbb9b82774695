package onnx

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
)

// modelCase is a layers.Model exported with ExportModel; gonnx runs it
// when run is set (it has every op the model uses).
type modelCase struct {
	name  string
	root  layers.Layer
	spec  layers.Spec
	run   bool
	vocab int // > 0: the input is int indices below vocab
}

func modelCases() []modelCase {
	f32 := func(input ...int) layers.Spec {
		return layers.Spec{Dtype: tensor.Float32, Input: append([]int{-1}, input...), Seed: 5}
	}
	ints := f32(6)
	ints.InputDtype = tensor.Int
	return []modelCase{
		{name: "mlp", root: layers.Seq(&layers.Linear{Out: 16}, layers.ReLU{}, &layers.Linear{Out: 8}, layers.Tanh{},
			&layers.Linear{Out: 10}, layers.Softmax{}), spec: f32(12), run: true},
		{name: "cnn", root: layers.Seq(&layers.Conv2D{Out: 4, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}}, layers.ReLU{},
			&layers.Conv2D{Out: 6, Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}, layers.ReLU{},
			layers.Flatten{}, &layers.Linear{Out: 10}, layers.Softmax{}), spec: f32(1, 8, 8), run: true},
		{name: "lstm", root: layers.Seq(&layers.LSTM{Hidden: 6}, &layers.Linear{Out: 3}, layers.Sigmoid{}), spec: f32(7, 4), run: true},
		{name: "embedding", root: layers.Seq(&layers.Embedding{Vocab: 11, Dim: 3}, &layers.GRU{Hidden: 4}, &layers.Linear{Out: 2}),
			spec: ints, run: true, vocab: 11},
		{name: "cnn-pool-norm", root: layers.Seq(&layers.Conv2D{Out: 4, Kernel: [2]int{3, 3}}, &layers.BatchNorm{}, layers.ReLU{},
			&layers.MaxPool2D{Kernel: [2]int{2, 2}}, &layers.Dropout{P: 0.5}, layers.Flatten{}, &layers.Linear{Out: 5}), spec: f32(2, 8, 8)},
	}
}

// newCaseModel builds c's model and trains its state once (a training run
// moves batch norm's running statistics off their initial values).
func newCaseModel(t *testing.T, c modelCase) *layers.Model {
	t.Helper()
	m, err := layers.NewModel(c.root, c.spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Run(c.input(rand.New(rand.NewPCG(9, 9)), 4), true); err != nil {
		t.Fatal(err)
	}
	return m
}

// input returns a seeded batch of b inputs for c.
func (c modelCase) input(r *rand.Rand, b int) *tensor.Dense {
	shape := append([]int{b}, c.spec.Input[1:]...)
	if c.vocab == 0 {
		return randTensor(r, shape...)
	}
	x := tensor.New(tensor.Of(tensor.Int), tensor.WithShape(shape...))
	v := x.Data().([]int)
	for i := range v {
		v[i] = r.IntN(c.vocab)
	}
	return x
}

func exportModel(t *testing.T, m *layers.Model, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ExportModel(&buf, m, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestExportModel exports each model with the default options and checks
// the file's interface: input "input" [batch, …] of the model's input type,
// output "output" [batch, …], and one initializer per store entry (params
// and state), named and shaped as the store has it.
func TestExportModel(t *testing.T) {
	for _, c := range modelCases() {
		t.Run(c.name, func(t *testing.T) {
			m := newCaseModel(t, c)
			pm := decode(t, exportModel(t, m, Options{}))
			if len(pm.Graph.Input) != 1 || pm.Graph.Input[0].Name != "input" {
				t.Fatalf("inputs %v, want one named input", pm.Graph.Input)
			}
			in := pm.Graph.Input[0].Type.GetTensorType()
			want := pb.TensorProto_FLOAT
			if c.vocab > 0 {
				want = pb.TensorProto_INT64
			}
			if in.ElemType != int32(want) {
				t.Errorf("input element type %d, want %v", in.ElemType, want)
			}
			if d := in.Shape.Dim; len(d) != len(c.spec.Input) || d[0].GetDimParam() != "batch" {
				t.Errorf("input shape %v, want [batch %v]", d, c.spec.Input[1:])
			} else {
				for i, n := range c.spec.Input[1:] {
					if d[i+1].GetDimValue() != int64(n) {
						t.Errorf("input dim %d is %v, want %d", i+1, d[i+1], n)
					}
				}
			}
			if len(pm.Graph.Output) != 1 || pm.Graph.Output[0].Name != "output" {
				t.Fatalf("outputs %v, want one named output", pm.Graph.Output)
			}
			if d := pm.Graph.Output[0].Type.GetTensorType().Shape.Dim; d[0].GetDimParam() != "batch" {
				t.Errorf("output shape %v, want the batch first", d)
			}
			inits := map[string][]int64{}
			for _, ini := range pm.Graph.Initializer {
				inits[ini.Name] = ini.Dims
			}
			for _, e := range m.Store().Entries() {
				dims, ok := inits[e.Name]
				if !ok {
					t.Errorf("no initializer %q", e.Name)
					continue
				}
				var want []int64
				for _, d := range e.Value.Shape() {
					want = append(want, int64(d))
				}
				if !slices.Equal(dims, want) {
					t.Errorf("initializer %q dims %v, want %v", e.Name, dims, want)
				}
			}
		})
	}
}

// TestExportModelRuns runs each export gonnx can run on 100 inputs, in
// batches of 1, 3, 16 and 80, and compares it with the model's Predict, to
// 1e-5 (float32).
func TestExportModelRuns(t *testing.T) {
	for ci, c := range modelCases() {
		t.Run(c.name, func(t *testing.T) {
			if !c.run {
				t.Skip("gonnx has no MaxPool and no Sqrt (batch norm): checked by TestExportModel and TestExportModelChecker")
			}
			m := newCaseModel(t, c)
			file := exportModel(t, m, Options{})
			r := rand.New(rand.NewPCG(uint64(ci), 11))
			worst := 0.0
			for _, b := range batches {
				x := c.input(r, b)
				want, err := m.Predict(x)
				if err != nil {
					t.Fatal(err)
				}
				got := runGonnx(t, file, []string{"input"}, []*tensor.Dense{x})
				if d := maxDiff(want, got[0]); d > 1e-5 {
					t.Errorf("batch %d: gonnx differs from Predict by %g", b, d)
				} else {
					worst = max(worst, d)
				}
			}
			t.Logf("100 inputs, largest difference %.3g", worst)
		})
	}
}

// TestExportModelOptions: a fixed Options.Batch gives fixed shapes, and
// Names and OutputNames rename the input, a param and the output.
func TestExportModelOptions(t *testing.T) {
	c := modelCases()[0]
	m := newCaseModel(t, c)
	file := exportModel(t, m, Options{Batch: 3, Names: map[string]string{"input": "x", "0.W": "fc1.weight"}, OutputNames: []string{"probs"}})
	pm := decode(t, file)
	if in := pm.Graph.Input[0]; in.Name != "x" || in.Type.GetTensorType().Shape.Dim[0].GetDimValue() != 3 {
		t.Errorf("input %v, want x [3, 12]", in)
	}
	if o := pm.Graph.Output[0]; o.Name != "probs" || o.Type.GetTensorType().Shape.Dim[0].GetDimValue() != 3 {
		t.Errorf("output %v, want probs [3, 10]", o)
	}
	var names []string
	for _, ini := range pm.Graph.Initializer {
		names = append(names, ini.Name)
	}
	if !slices.Contains(names, "fc1.weight") || slices.Contains(names, "0.W") {
		t.Errorf("initializers %v, want fc1.weight for 0.W", names)
	}
	x := c.input(rand.New(rand.NewPCG(2, 2)), 3)
	want, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if d := maxDiff(want, runGonnx(t, file, []string{"x"}, []*tensor.Dense{x})[0]); d > 1e-5 {
		t.Errorf("gonnx differs from Predict by %g", d)
	}
}

// TestExportModelErrors: bad calls are errors that say what was wrong, and
// write nothing.
func TestExportModelErrors(t *testing.T) {
	open := newCaseModel(t, modelCases()[0])
	fixed, err := layers.NewModel(&layers.Linear{Out: 2}, layers.Spec{Dtype: tensor.Float32, Input: []int{4, 3}})
	if err != nil {
		t.Fatal(err)
	}
	pooled := newCaseModel(t, modelCases()[4])
	for _, tc := range []struct {
		name string
		m    *layers.Model
		opts Options
		want string
	}{
		{"nil model", nil, Options{}, "nil model"},
		{"negative batch", open, Options{Batch: -1}, "Options.Batch -1, want >= 1"},
		{"batch against fixed", fixed, Options{Batch: 2}, "fixes the batch to 4"},
		{"two output names", open, Options{OutputNames: []string{"a", "b"}}, "2 output names for 1 outputs"},
		{"output named as a param", pooled, Options{OutputNames: []string{"0.W"}}, `output name "0.W" is the name of an input or param`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := ExportModel(&buf, tc.m, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes", buf.Len())
			}
		})
	}
	// A fixed-batch model exports at its batch with fixed shapes.
	pm := decode(t, exportModel(t, fixed, Options{}))
	if d := pm.Graph.Input[0].Type.GetTensorType().Shape.Dim[0]; d.GetDimValue() != 4 {
		t.Errorf("fixed model's input dim 0 is %v, want 4", d)
	}
}

// TestExportModelChecker runs onnx.checker (full_check) and strict shape
// inference on every model's export.
func TestExportModelChecker(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import onnx").Run(); err != nil {
		t.Skip("skipping: /usr/bin/python3 has no onnx module (Debian: apt-get install python3-onnx), so onnx.checker does not check the exports")
	}
	dir := t.TempDir()
	var files []string
	for _, c := range modelCases() {
		p := filepath.Join(dir, c.name+".onnx")
		if err := os.WriteFile(p, exportModel(t, newCaseModel(t, c), Options{}), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	if out, err := exec.Command("/usr/bin/python3", append([]string{"-c", checkScript}, files...)...).CombinedOutput(); err != nil {
		t.Fatalf("onnx.checker: %v\n%s", err, out)
	}
}
