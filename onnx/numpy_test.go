package onnx

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gorgonia.org/tensor"
)

// npJob is one exported model for testdata/np_onnx.py with its inputs and
// chainrule's outputs.
type npJob struct {
	name  string
	file  []byte
	feeds map[string]*tensor.Dense
	want  []*tensor.Dense
}

type npTensor struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

// floats returns a tensor's elements as float64s.
func floats(v *tensor.Dense) []float64 {
	switch d := v.Data().(type) {
	case []float32:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = float64(x)
		}
		return out
	case []float64:
		return append([]float64(nil), d...)
	case []int:
		out := make([]float64, len(d))
		for i, x := range d {
			out[i] = float64(x)
		}
		return out
	case float32:
		return []float64{float64(d)}
	case float64:
		return []float64{d}
	}
	panic(fmt.Sprintf("elements %T", v.Data()))
}

// structJob runs a structure case's graph in chainrule on seeded inputs.
func structJob(t *testing.T, c structCase) npJob {
	mo, opts := c.build()
	file := exportBytes(t, mo, opts)
	g := mo.outputs[0].Graph()
	r := rand.New(rand.NewPCG(21, 22))
	j := npJob{name: c.name, file: file, feeds: map[string]*tensor.Dense{}}
	for _, in := range decode(t, file).Graph.Input {
		n := g.ByName(in.Name)
		var v *tensor.Dense
		switch n.Dtype() {
		case tensor.Int:
			ids := make([]int, n.Size())
			for i := range ids {
				ids[i] = r.IntN(3)
			}
			v = tensor.New(tensor.WithShape(n.Shape()...), tensor.WithBacking(ids))
		case tensor.Float64:
			x := make([]float64, n.Size())
			for i := range x {
				x[i] = 2*r.Float64() - 1
			}
			v = tensor.New(tensor.WithShape(n.Shape()...), tensor.WithBacking(x))
		default:
			v = randTensor(r, n.Shape()...)
		}
		j.feeds[in.Name] = v
		mo.inputs = append(mo.inputs, n)
	}
	vals := make([]*tensor.Dense, len(mo.inputs))
	for i, n := range mo.inputs {
		vals[i] = j.feeds[n.Name()]
	}
	j.want = runChainrule(t, mo, vals)
	return j
}

// TestNumpyReadsExports runs every exported model of the other tests, the
// ones gonnx cannot run above all (pooling, reductions, Pad, Expand, Clip,
// Where, Greater's Cast, OneHot, GELU's Erf, LayerNorm, BatchNorm, causal
// attention), through testdata/np_onnx.py, a NumPy reading of the opset-13
// operator spec, and compares with chainrule to 1e-5. It skips where
// /usr/bin/python3 lacks onnx or numpy.
func TestNumpyReadsExports(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import onnx, numpy").Run(); err != nil {
		t.Skip("skipping: /usr/bin/python3 lacks the onnx or numpy module (Debian: python3-onnx, python3-numpy), so the NumPy reading of the exports does not run")
	}
	var jobs []npJob
	for _, c := range structCases() {
		jobs = append(jobs, structJob(t, c))
	}
	for ci, c := range runCases() {
		r := rand.New(rand.NewPCG(uint64(ci), 23))
		var x *tensor.Dense
		if c.input != nil {
			x = c.input(r, 3)
		} else {
			x = randTensor(r, append([]int{3}, c.shape...)...)
		}
		m := c.build(3)
		jobs = append(jobs, npJob{name: c.name, file: exportBytes(t, c.build(1), Options{SymbolicBatch: true}),
			feeds: map[string]*tensor.Dense{m.inputs[0].Name(): x}, want: runChainrule(t, m, []*tensor.Dense{x})})
	}
	for ci, c := range layerCases() {
		m, file := exportLayers(t, c)
		x := randTensor(rand.New(rand.NewPCG(uint64(ci), 24)), append([]int{3}, c.input...)...)
		y, err := m.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, npJob{name: "layers-" + c.name, file: file, feeds: map[string]*tensor.Dense{"input": x}, want: []*tensor.Dense{y.Clone().(*tensor.Dense)}})
	}
	dir := t.TempDir()
	args := []string{filepath.Join("testdata", "np_onnx.py")}
	for i, j := range jobs {
		mp, ip := filepath.Join(dir, fmt.Sprint(i, ".onnx")), filepath.Join(dir, fmt.Sprint(i, ".json"))
		feeds := map[string]npTensor{}
		for k, v := range j.feeds {
			feeds[k] = npTensor{Shape: v.Shape(), Data: floats(v)}
		}
		b, _ := json.Marshal(feeds)
		if err := os.WriteFile(mp, j.file, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ip, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, mp, ip)
	}
	cmd := exec.Command("/usr/bin/python3", args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("np_onnx.py: %v", err)
	}
	var got [][]npTensor
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(jobs) {
		t.Fatalf("np_onnx.py printed %d results (%v), want %d", len(got), err, len(jobs))
	}
	for i, j := range jobs {
		if len(got[i]) != len(j.want) {
			t.Errorf("%s: %d outputs, want %d", j.name, len(got[i]), len(j.want))
			continue
		}
		worst := 0.0
		for k, w := range j.want {
			g, wv := got[i][k], floats(w)
			if !tensor.Shape(g.Shape).Eq(w.Shape()) && !(len(g.Shape) == 0 && w.Shape().IsScalar()) {
				t.Errorf("%s output %d: shape %v, want %v", j.name, k, g.Shape, w.Shape())
				continue
			}
			for e := range wv {
				d := math.Abs(g.Data[e] - wv[e])
				if math.IsNaN(d) {
					d = math.Inf(1) // a NaN on either side is a difference
				}
				worst = max(worst, d)
			}
		}
		if worst > 1e-5 {
			t.Errorf("%s: NumPy's reading differs from chainrule by %g", j.name, worst)
		}
	}
	if !t.Failed() {
		t.Logf("%d exported models read by NumPy equal chainrule's outputs to 1e-5", len(jobs))
	}
}
