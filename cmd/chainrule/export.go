package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/atomicfile"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/onnx"
)

// exportResult is what `chainrule export` reports.
type exportResult struct {
	Model     string     `json:"model"`
	ONNX      string     `json:"onnx"`
	Opset     int        `json:"opset"`
	IRVersion int        `json:"ir_version"`
	Net       string     `json:"net"`            // the lecture network's kind, or "layers"
	Root      string     `json:"root,omitempty"` // a layers model's root layer type
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

// runExport loads a saved model and writes its forward pass as an ONNX
// file: a nets model (the network's output layer included: sigmoid, softmax
// or identity, as its loss implies) with input "x" and output "y", or a
// layers model (layers.Save) in evaluation mode with input "input" and
// output "output"; the file's magic says which.
func runExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "--model FILE --onnx FILE [--batch N] [--dtype float32|float64] [--json]", stderr)
	model := fs.String("model", "", "model file written by train --out or layers.Save (required)")
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
	if isLayersFile(*model) {
		return exportLayers(*model, *out, *batch, *dtype, *asJSON, stdout)
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
	return printExport(stdout, res, *asJSON)
}

// printExport prints what export wrote, or res as one JSON line.
func printExport(stdout io.Writer, res exportResult, asJSON bool) error {
	if asJSON {
		return writeJSON(stdout, res)
	}
	if res.Root != "" {
		fmt.Fprintf(stdout, "wrote %s (%d bytes): ONNX opset %d, layers model (%s)\n", res.ONNX, res.Bytes, res.Opset, res.Root)
	} else {
		fmt.Fprintf(stdout, "wrote %s (%d bytes): ONNX opset %d, %s network\n", res.ONNX, res.Bytes, res.Opset, res.Net)
	}
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

// isLayersFile reports whether the file at path starts with layers' magic
// (an unreadable file is left to nets.Load, whose error names it).
func isLayersFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(layers.Magic))
	n, _ := io.ReadFull(f, b)
	return string(b[:n]) == layers.Magic
}

// exportLayers exports a layers model file with onnx.ExportModel: input
// "input", output "output", the params and state under their store names.
func exportLayers(model, out string, batch int, dtype string, asJSON bool, stdout io.Writer) error {
	m, err := layers.Load(model)
	if err != nil {
		return err
	}
	s := m.Spec()
	if dtype != "" && dtype != s.Dtype.String() {
		return fmt.Errorf("export: --dtype %s: %s is a layers model of %v, and --dtype converts nets models only; leave it out", dtype, model, s.Dtype)
	}
	if batch > 0 && s.Input[0] > 0 && batch != s.Input[0] {
		return fmt.Errorf("export: --batch %d: %s fixes the batch to %d (its input is %v)", batch, model, s.Input[0], s.Input)
	}
	root := fmt.Sprintf("%T", m.Root())
	root = root[strings.LastIndex(root, ".")+1:]
	var buf bytes.Buffer
	if err := onnx.ExportModel(&buf, m, onnx.Options{
		Batch:           batch,
		GraphName:       "chainrule-layers",
		DocString:       "chainrule layers model " + root + " from " + filepath.Base(model),
		ProducerVersion: Version,
	}); err != nil {
		return fmt.Errorf("export: %s: %w", model, err)
	}
	var pm pb.ModelProto
	if err := proto.Unmarshal(buf.Bytes(), &pm); err != nil || len(pm.Graph.GetInput()) != 1 || len(pm.Graph.GetOutput()) != 1 {
		return fmt.Errorf("export: %s: the exported model does not read back (%v)", model, err)
	}
	if err := atomicfile.Write(out, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}); err != nil {
		return fmt.Errorf("export: %s: %w", out, err)
	}
	res := exportResult{Model: model, ONNX: out, Opset: onnx.Opset, IRVersion: onnx.IRVersion, Net: "layers", Root: root,
		Input: protoTensor(pm.Graph.Input[0]), Output: protoTensor(pm.Graph.Output[0]), Bytes: int64(buf.Len())}
	for _, e := range m.Store().Entries() {
		res.Params = append(res.Params, e.Name)
	}
	return printExport(stdout, res, asJSON)
}

// protoTensor describes a graph input or output as the ONNX file declares
// it, with "batch" for the symbolic dimension.
func protoTensor(v *pb.ValueInfoProto) onnxTensor {
	tt := v.GetType().GetTensorType()
	t := onnxTensor{Name: v.GetName(), Dtype: strings.ToLower(pb.TensorProto_DataType(tt.GetElemType()).String())}
	switch t.Dtype {
	case "float":
		t.Dtype = "float32"
	case "double":
		t.Dtype = "float64"
	}
	for _, d := range tt.GetShape().GetDim() {
		if p := d.GetDimParam(); p != "" {
			t.Shape = append(t.Shape, p)
		} else {
			t.Shape = append(t.Shape, int(d.GetDimValue()))
		}
	}
	return t
}
