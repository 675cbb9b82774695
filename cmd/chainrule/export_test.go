package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/advancedclimatesystems/gonnx"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/nets"
)

// TestExportRunsInGonnx saves each of the lecture's networks (and stacked
// LSTM and GRU), exports it
// with `chainrule export` (symbolic batch) and runs the file in gonnx on a
// batch of 7 rows: the outputs equal the network's own (nets.Compile at
// batch 7) to 1e-12 in float64 and 1e-5 in float32, and onnx.checker
// passes on the files where python3-onnx is installed.
func TestExportRunsInGonnx(t *testing.T) {
	specs := []nets.Spec{
		{Kind: nets.KindPerceptron, Inputs: 3, Outputs: 2},
		{Kind: nets.KindFF, Inputs: 4, Hidden: []int{5}, Outputs: 3},
		{Kind: nets.KindDFF, Inputs: 6, Hidden: []int{8, 4}, Outputs: 3, Dtype: nets.Float32},
		{Kind: nets.KindRNN, Inputs: 2, Hidden: []int{4}, Outputs: 1, SeqLen: 5},
		{Kind: nets.KindLSTM, Inputs: 3, Hidden: []int{4, 3}, Outputs: 3, SeqLen: 4, EveryStep: true, Loss: nets.SoftmaxCE},
		{Kind: nets.KindGRU, Inputs: 2, Hidden: []int{3, 5}, Outputs: 1, SeqLen: 3, Dtype: nets.Float32},
	}
	dir := t.TempDir()
	var files []string
	for i, spec := range specs {
		net, err := nets.New(spec, uint64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		s := net.Spec()
		model := filepath.Join(dir, string(s.Kind)+".model")
		file := filepath.Join(dir, string(s.Kind)+".onnx")
		if err := nets.Save(net, model); err != nil {
			t.Fatal(err)
		}
		var res exportResult
		code, out, errs := runCmd(t, "export", "--model", model, "--onnx", file, "--json")
		if code != 0 {
			t.Fatalf("export %s: exit %d, %s", s.Kind, code, errs)
		}
		decodeOneLine(t, out, &res)
		if res.Opset != 13 || res.Input.Name != "x" || res.Output.Name != "y" || res.Input.Shape[0] != "batch" || len(res.Params) != len(net.Params()) {
			t.Errorf("%s: export reported %+v", s.Kind, res)
		}
		const b = 7
		c, err := nets.Compile(net, b, false)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(uint64(i), 5))
		x := make([]float64, b*s.InputWidth())
		for j := range x {
			x[j] = 2*r.Float64() - 1
		}
		var in *tensor.Dense
		if s.Dtype == nets.Float32 {
			x32 := make([]float32, len(x))
			for j, v := range x {
				x32[j] = float32(v)
			}
			in = tensor.New(tensor.WithShape(b, s.InputWidth()), tensor.WithBacking(x32))
		} else {
			in = tensor.New(tensor.WithShape(b, s.InputWidth()), tensor.WithBacking(x))
		}
		if err := c.Prog.Set(c.X, in); err != nil {
			t.Fatal(err)
		}
		if err := c.Prog.Exec(); err != nil {
			t.Fatal(err)
		}
		want := c.Prog.Value(c.Output)
		m, err := gonnx.NewModelFromFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.Run(gonnx.Tensors{"x": in.Clone().(*tensor.Dense)})
		if err != nil {
			t.Fatalf("%s: gonnx: %v", s.Kind, err)
		}
		y := got["y"]
		if y == nil || !y.Shape().Eq(want.Shape()) {
			t.Fatalf("%s: gonnx output %v, want shape %v", s.Kind, y, want.Shape())
		}
		tol, worst := 1e-12, 0.0
		switch w := want.Data().(type) {
		case []float64:
			for j, v := range y.Data().([]float64) {
				worst = max(worst, math.Abs(v-w[j]))
			}
		case []float32:
			tol = 1e-5
			for j, v := range y.Data().([]float32) {
				worst = max(worst, math.Abs(float64(v)-float64(w[j])))
			}
		}
		if worst > tol {
			t.Errorf("%s: gonnx differs from chainrule by %g (tolerance %g)", s.Kind, worst, tol)
		}
		files = append(files, file)
	}
	checkONNX(t, files)
}

// checkONNX runs onnx.checker (full_check, with strict shape inference) on
// the files where /usr/bin/python3 has Debian's python3-onnx.
func checkONNX(t *testing.T, files []string) {
	t.Helper()
	if err := exec.Command("/usr/bin/python3", "-c", "import onnx").Run(); err != nil {
		t.Log("onnx.checker not run: /usr/bin/python3 has no onnx module (Debian: apt-get install python3-onnx)")
		return
	}
	script := "import sys, onnx\nfor p in sys.argv[1:]: onnx.checker.check_model(onnx.load(p), full_check=True)"
	if out, err := exec.Command("/usr/bin/python3", append([]string{"-c", script}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("onnx.checker: %v\n%s", err, out)
	}
}

// TestExportErrors checks export's usage errors (status 2) and failures
// (status 1), each one line naming the flag or file, and that a failed
// export leaves no file.
func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "ff.model")
	net, _ := nets.New(nets.Spec{Kind: nets.KindFF, Inputs: 2, Hidden: []int{2}, Outputs: 1}, 1)
	if err := nets.Save(net, model); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "ff.onnx")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--onnx", out}, 2, "export: --model FILE is required"},
		{[]string{"--model", model}, 2, "export: --onnx FILE is required"},
		{[]string{"--model", model, "--onnx", out, "--batch", "0"}, 2, "--batch 0, want >= 1"},
		{[]string{"--model", model, "--onnx", model}, 2, "would overwrite the model"},
		{[]string{"--model", model, "--onnx", out, "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"--model", model, "--onnx", dir}, 1, "is a directory"},
		{[]string{"--model", model, "--onnx", filepath.Join(dir, "no", "such", "x.onnx")}, 1, "--onnx"},
		{[]string{"--model", filepath.Join(dir, "missing.model"), "--onnx", out}, 1, "missing.model"},
		{[]string{"--model", "/dev/null", "--onnx", out}, 1, "/dev/null"},
	}
	for _, c := range cases {
		code, stdout, errs := runCmd(t, append([]string{"export"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "chainrule: ") || stdout != "" {
			t.Errorf("export %v: exit %d, stderr %q; want %d and %q on one line", c.args, code, errs, c.code, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed export left %s", out)
	}
	// A fixed batch writes the size itself.
	code, stdout, errs := runCmd(t, "export", "--model", model, "--onnx", out, "--batch", "4")
	if code != 0 || !strings.Contains(stdout, "x      float64 [4, 2]") || !strings.Contains(stdout, "y      float64 [4, 1]") {
		t.Errorf("export --batch 4: exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
}

// TestExportDtype converts a float64 model to a float32 file: gonnx's
// float32 outputs stay within 1e-5 of the float64 network's, and the params
// keep their names.
func TestExportDtype(t *testing.T) {
	dir := t.TempDir()
	model, file := filepath.Join(dir, "dff.model"), filepath.Join(dir, "dff.onnx")
	net, _ := nets.New(nets.Spec{Kind: nets.KindDFF, Inputs: 4, Hidden: []int{6, 5}, Outputs: 3}, 9)
	if err := nets.Save(net, model); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "export", "--model", model, "--onnx", file, "--dtype", "float32")
	if code != 0 || !strings.Contains(out, "x      float32 [batch, 4]") {
		t.Fatalf("export --dtype float32: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	const b = 5
	c, _ := nets.Compile(net, b, false)
	x := make([]float64, b*4)
	x32 := make([]float32, len(x))
	for j := range x {
		x32[j] = float32(j%7)/3 - 1
		x[j] = float64(x32[j])
	}
	if err := c.Prog.Set(c.X, tensor.New(tensor.WithShape(b, 4), tensor.WithBacking(x))); err != nil {
		t.Fatal(err)
	}
	if err := c.Prog.Exec(); err != nil {
		t.Fatal(err)
	}
	want := c.Prog.Value(c.Output).Data().([]float64)
	m, err := gonnx.NewModelFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.ParamNames(); strings.Join(got, ",") != "W1,b1,W2,b2,W3,b3" {
		t.Errorf("params %v", got)
	}
	res, err := m.Run(gonnx.Tensors{"x": tensor.New(tensor.WithShape(b, 4), tensor.WithBacking(x32))})
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range res["y"].Data().([]float32) {
		if math.Abs(float64(v)-want[j]) > 1e-5 {
			t.Fatalf("y[%d] = %g in float32, %g in float64", j, v, want[j])
		}
	}
	checkONNX(t, []string{file})
	if code, _, errs := runCmd(t, "export", "--model", model, "--onnx", file, "--dtype", "int8"); code != 2 || !strings.Contains(errs, `--dtype "int8", want float32 or float64`) {
		t.Errorf("--dtype int8: exit %d, %q", code, errs)
	}
}

// TestExportLayersModel saves a layers model (a small CNN) with
// layers.Save, exports it with `chainrule export` (the magic tells it from
// a nets file) and runs the file in gonnx on 5 images: equal to the model's
// Predict to 1e-5 (float32), params under their store names; a fixed
// --batch, a --dtype it cannot honour and a truncated file are checked too.
func TestExportLayersModel(t *testing.T) {
	dir := t.TempDir()
	model, file := filepath.Join(dir, "cnn.model"), filepath.Join(dir, "cnn.onnx")
	root := layers.Seq(&layers.Conv2D{Out: 3, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}}, layers.ReLU{},
		layers.Flatten{}, &layers.Linear{Out: 4}, layers.Softmax{})
	m, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 1, 5, 5}, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := layers.Save(m, model); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "export", "--model", model, "--onnx", file, "--json")
	if code != 0 {
		t.Fatalf("export: exit %d, %s", code, errs)
	}
	var res exportResult
	decodeOneLine(t, out, &res)
	if res.Net != "layers" || res.Root != "Sequential" || res.Input.Name != "input" || res.Output.Name != "output" ||
		fmt.Sprint(res.Input.Shape) != "[batch 1 5 5]" || fmt.Sprint(res.Output.Shape) != "[batch 4]" || res.Input.Dtype != "float32" ||
		strings.Join(res.Params, ",") != "0.W,0.b,3.W,3.b" {
		t.Errorf("export reported %+v", res)
	}
	const b = 5
	r := rand.New(rand.NewPCG(3, 3))
	x32 := make([]float32, b*25)
	for i := range x32 {
		x32[i] = float32(r.Float64())
	}
	x := tensor.New(tensor.WithShape(b, 1, 5, 5), tensor.WithBacking(x32))
	want, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gonnx.NewModelFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Params { // the file also holds Flatten's shape constants
		if !slices.Contains(g.ParamNames(), p) {
			t.Errorf("no initializer %s in %v", p, g.ParamNames())
		}
	}
	got, err := g.Run(gonnx.Tensors{"input": x.Clone().(*tensor.Dense)})
	if err != nil {
		t.Fatalf("gonnx: %v", err)
	}
	y := got["output"]
	if y == nil || !y.Shape().Eq(want.Shape()) {
		t.Fatalf("gonnx output %v, want shape %v", y, want.Shape())
	}
	for i, v := range y.Data().([]float32) {
		if w := want.Data().([]float32)[i]; math.Abs(float64(v-w)) > 1e-5 {
			t.Fatalf("output[%d] = %g in gonnx, %g in Predict", i, v, w)
		}
	}
	checkONNX(t, []string{file})

	code, out, errs = runCmd(t, "export", "--model", model, "--onnx", file, "--batch", "2")
	if code != 0 || !strings.Contains(out, "layers model (Sequential)") || !strings.Contains(out, "input  float32 [2, 1, 5, 5]") ||
		!strings.Contains(out, "output float32 [2, 4]") || !strings.Contains(out, "params 0.W, 0.b, 3.W, 3.b") {
		t.Errorf("export --batch 2: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := runCmd(t, "export", "--model", model, "--onnx", file, "--dtype", "float64"); code != 1 || !strings.Contains(errs, "--dtype converts nets models only") {
		t.Errorf("--dtype float64 of a float32 layers model: exit %d, %q", code, errs)
	}
	data, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	bad, badOut := filepath.Join(dir, "cut.model"), filepath.Join(dir, "cut.onnx")
	if err := os.WriteFile(bad, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, "export", "--model", bad, "--onnx", badOut); code != 1 || !strings.Contains(errs, "cut.model") || strings.Count(errs, "\n") != 1 {
		t.Errorf("truncated layers file: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(badOut); err == nil {
		t.Errorf("a failed export left %s", badOut)
	}
}
