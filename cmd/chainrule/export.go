package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/atomicfile"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/onnx"
)

// exportResult is what `chainrule export` reports.
type exportResult struct {
	Model     string     `json:"model"`
	ONNX      string     `json:"onnx"`
	Opset     int        `json:"opset"`
	IRVersion int        `json:"ir_version"`
	Net       string     `json:"net"`
	Input     onnxTensor `json:"input"`
	Output    onnxTensor `json:"output"`
	Params    []string   `json:"params"`
	Bytes     int64      `json:"bytes"`
}

// onnxTensor is a graph input or output: its name, element type and shape,
// with "batch" for the symbolic batch dimension.
type onnxTensor struct {
	Name  string `json:"name"`
	Dtype string `json:"dtype"`
	Shape []any  `json:"shape"`
}

// runExport loads a saved model and writes its forward pass (the network's
// output layer included: sigmoid, softmax or identity, as its loss implies)
// as an ONNX file, input "x" and output "y".
func runExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "--model FILE --onnx FILE [--batch N] [--dtype float32|float64] [--json]", stderr)
	model := fs.String("model", "", "model file written by train --out (required)")
	out := fs.String("onnx", "", "ONNX file to write (required)")
	batch := fs.Int("batch", 0, "a fixed batch size N >= 1 (default: a symbolic batch dimension)")
	dtype := fs.String("dtype", "", "element type of the file: float32 or float64 (default: the model's)")
	asJSON := fs.Bool("json", false, "print one JSON object on one line")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *model == "":
		return usagef("export: --model FILE is required")
	case *out == "":
		return usagef("export: --onnx FILE is required")
	case flagSet(fs, "batch") && *batch < 1:
		return usagef("export: --batch %d, want >= 1 (leave it out for a symbolic batch)", *batch)
	case flagSet(fs, "dtype") && *dtype != string(nets.Float32) && *dtype != string(nets.Float64):
		return usagef("export: --dtype %q, want float32 or float64", *dtype)
	case samePath(*out, *model):
		return usagef("export: --onnx %s is the model file %s: exporting would overwrite the model", *out, *model)
	}
	if err := checkONNXFile(*out); err != nil {
		return err
	}
	net, err := nets.Load(*model)
	if err != nil {
		return err
	}
	if *dtype != "" && nets.Dtype(*dtype) != net.Spec().Dtype {
		if net, err = convertNet(net, nets.Dtype(*dtype)); err != nil {
			return fmt.Errorf("export: %s: %w", *model, err)
		}
	}
	build := *batch
	if build == 0 {
		build = 1
	}
	c, err := nets.Compile(net, build, false)
	if err != nil {
		return fmt.Errorf("export: %s: %w", *model, err)
	}
	s := net.Spec()
	doc, _ := json.Marshal(s)
	opts := onnx.Options{
		SymbolicBatch:   *batch == 0,
		OutputNames:     []string{"y"},
		GraphName:       "chainrule-" + string(s.Kind),
		DocString:       "chainrule " + string(s.Kind) + " network " + string(doc),
		ProducerVersion: Version,
		Names:           map[string]string{},
	}
	for i, p := range c.Params {
		opts.Names[p.Name()] = c.ParamNames[i] // W1, b1, … as Params and the weight files name them
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error {
		return onnx.Export(w, []*graph.Node{c.Output}, opts)
	}); err != nil {
		return fmt.Errorf("export: %s: %w", *out, err)
	}
	res := exportResult{Model: *model, ONNX: *out, Opset: onnx.Opset, IRVersion: onnx.IRVersion, Net: string(s.Kind),
		Input:  tensorOf(c.X, "x", opts.SymbolicBatch),
		Output: tensorOf(c.Output, "y", opts.SymbolicBatch)}
	for _, p := range net.Params() {
		res.Params = append(res.Params, p.Name)
	}
	if st, err := os.Stat(*out); err == nil {
		res.Bytes = st.Size()
	}
	if *asJSON {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes): ONNX opset %d, %s network\n", res.ONNX, res.Bytes, res.Opset, res.Net)
	for _, t := range []onnxTensor{res.Input, res.Output} {
		dims := make([]string, len(t.Shape))
		for i, d := range t.Shape {
			dims[i] = fmt.Sprint(d)
		}
		fmt.Fprintf(stdout, "  %-6s %s [%s]\n", t.Name, t.Dtype, strings.Join(dims, ", "))
	}
	fmt.Fprintf(stdout, "  params %s\n", strings.Join(res.Params, ", "))
	return nil
}

// tensorOf describes a node as the ONNX file declares it.
func tensorOf(n *graph.Node, name string, symbolic bool) onnxTensor {
	t := onnxTensor{Name: name, Dtype: n.Dtype().String()}
	for i, d := range n.Shape() {
		if i == 0 && symbolic {
			t.Shape = append(t.Shape, onnx.BatchParam)
			continue
		}
		t.Shape = append(t.Shape, d)
	}
	return t
}

// checkONNXFile checks, before the model is read, that the ONNX file can be
// written at path.
func checkONNXFile(path string) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("export: --onnx %s is a directory; name the file", path)
	case err == nil && !st.Mode().IsRegular():
		return fmt.Errorf("export: --onnx %s is not a regular file (%s)", path, st.Mode().Type())
	case err != nil && !missing(err):
		return fmt.Errorf("export: --onnx %s: %w", path, bare(err))
	}
	if err := probeDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("export: --onnx %s: %w", path, err)
	}
	return nil
}

// convertNet returns a copy of net computing in dtype dt, its weights
// converted (rounded to nearest for float32).
func convertNet(net nets.Network, dt nets.Dtype) (nets.Network, error) {
	s := net.Spec()
	s.Dtype = dt
	out, err := nets.New(s, 0)
	if err != nil {
		return nil, err
	}
	src := net.Params()
	for i, p := range out.Params() {
		switch d := p.Value.Data().(type) {
		case []float32:
			v, ok := src[i].Value.Data().([]float64)
			if !ok || len(v) != len(d) {
				return nil, fmt.Errorf("param %s: cannot convert %v to float32", p.Name, src[i].Value.Dtype())
			}
			for j, x := range v {
				d[j] = float32(x)
			}
		case []float64:
			v, ok := src[i].Value.Data().([]float32)
			if !ok || len(v) != len(d) {
				return nil, fmt.Errorf("param %s: cannot convert %v to float64", p.Name, src[i].Value.Dtype())
			}
			for j, x := range v {
				d[j] = float64(x)
			}
		}
	}
	return out, nil
}
