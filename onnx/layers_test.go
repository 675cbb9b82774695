package onnx

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
)

// layerCase is a composition of built-in layers; gonnx runs it when run is
// set (it has every op the layers use), onnx.checker checks it either way.
type layerCase struct {
	name  string
	root  layers.Layer
	input []int // one sample's shape
	run   bool
}

func layerCases() []layerCase {
	return []layerCase{
		{"mlp", layers.Seq(&layers.Linear{Out: 8}, layers.ReLU{}, &layers.Linear{Out: 6}, layers.Sigmoid{},
			&layers.Linear{Out: 5}, layers.Tanh{}, &layers.Linear{Out: 3}, layers.Softmax{}), []int{4}, true},
		{"recurrent", layers.Seq(&layers.LSTM{Hidden: 4, EveryStep: true}, &layers.GRU{Hidden: 3, EveryStep: true},
			&layers.Elman{Hidden: 2}), []int{5, 3}, true},
		{"attention", layers.Seq(&layers.MultiHeadAttention{Heads: 2}, layers.Flatten{}, &layers.Linear{Out: 2}), []int{3, 4}, true},
		{"causal-attention", layers.Seq(&layers.MultiHeadAttention{Heads: 2, Causal: true}, layers.Flatten{}, &layers.Linear{Out: 2}), []int{3, 4}, false},
		{"norms", layers.Seq(&layers.Linear{Out: 6}, &layers.LayerNorm{}, &layers.GELU{}, &layers.BatchNorm{},
			&layers.LeakyReLU{}, &layers.Linear{Out: 4}, layers.SiLU{}, &layers.GELU{Tanh: true}), []int{5}, false},
	}
}

// exportLayers builds c's model (float32, seeded) and exports its
// evaluation graph built at batch 1 with a symbolic batch.
func exportLayers(t *testing.T, c layerCase) (*layers.Model, []byte) {
	t.Helper()
	m, err := layers.NewModel(c.root, layers.Spec{Dtype: tensor.Float32, Input: append([]int{-1}, c.input...), Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(randTensor(rand.New(rand.NewPCG(1, 1)), append([]int{2}, c.input...)...)); err != nil {
		t.Fatal(err) // the first build creates the params
	}
	g := graph.New(graph.WithDtype(tensor.Float32))
	x := g.Input("input", tensor.Float32, append([]int{1}, c.input...)...)
	y := m.Root().Forward(layers.NewScope(g, m.Store(), false), x)
	var buf bytes.Buffer
	if err := Export(&buf, []*graph.Node{y}, Options{SymbolicBatch: true, OutputNames: []string{"output"}}); err != nil {
		t.Fatal(err)
	}
	return m, buf.Bytes()
}

// TestLayersExport exports compositions of the built-in layers (an MLP,
// LSTM+GRU+Elman, multi-head attention (causal too), LayerNorm/BatchNorm with
// GELU, SiLU and LeakyReLU) and, where gonnx has the ops, runs them on 100
// inputs at several batch sizes against the model's own Predict, to 1e-5.
func TestLayersExport(t *testing.T) {
	for ci, c := range layerCases() {
		t.Run(c.name, func(t *testing.T) {
			m, file := exportLayers(t, c)
			if !c.run {
				if len(decode(t, file).Graph.Node) == 0 {
					t.Fatal("no nodes")
				}
				t.Skipf("exported; gonnx lacks ops this model uses (ReduceSum, Sqrt, Erf, Where, ...): checked by TestLayersONNXChecker")
			}
			r := rand.New(rand.NewPCG(uint64(ci), 7))
			worst := 0.0
			for _, b := range batches {
				x := randTensor(r, append([]int{b}, c.input...)...)
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

// TestLayersONNXChecker runs onnx.checker (full_check) and strict shape
// inference on every layer composition's export.
func TestLayersONNXChecker(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import onnx").Run(); err != nil {
		t.Skip("skipping: /usr/bin/python3 has no onnx module (Debian: apt-get install python3-onnx), so onnx.checker does not check the exports")
	}
	dir := t.TempDir()
	var files []string
	for _, c := range layerCases() {
		_, file := exportLayers(t, c)
		p := filepath.Join(dir, c.name+".onnx")
		if err := os.WriteFile(p, file, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	if out, err := exec.Command("/usr/bin/python3", append([]string{"-c", checkScript}, files...)...).CombinedOutput(); err != nil {
		t.Fatalf("onnx.checker: %v\n%s", err, out)
	}
}
