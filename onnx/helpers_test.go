package onnx

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/advancedclimatesystems/gonnx"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// model is a test graph built for a batch size: its graph, the inputs
// the outputs read, and the outputs.
type model struct {
	g       *graph.Graph
	inputs  []*graph.Node
	outputs []*graph.Node
	names   map[string]string // Options.Names to export it with, if any
}

// builder builds a model for a batch size; every call shares the same
// param tensors, so graphs of several batch sizes compute the same function.
type builder func(batch int) model

// randTensor returns a float32 tensor of the given shape with seeded
// uniform entries in [-1, 1).
func randTensor(r *rand.Rand, shape ...int) *tensor.Dense {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(2*r.Float64() - 1)
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

// exportBytes exports m's outputs.
func exportBytes(t *testing.T, m model, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if opts.Names == nil {
		opts.Names = m.names
	}
	if err := Export(&buf, m.outputs, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// runChainrule computes m's outputs for the given input values.
func runChainrule(t *testing.T, m model, vals []*tensor.Dense) []*tensor.Dense {
	t.Helper()
	prog, err := graph.Compile(m.outputs...)
	if err != nil {
		t.Fatal(err)
	}
	feeds := graph.Feeds{}
	for i, x := range m.inputs {
		feeds[x] = vals[i]
	}
	if err := prog.Run(feeds); err != nil {
		t.Fatal(err)
	}
	out := make([]*tensor.Dense, len(m.outputs))
	for i, o := range m.outputs {
		out[i] = prog.Value(o).Clone().(*tensor.Dense)
	}
	return out
}

// runGonnx runs the exported file in gonnx, the independent runtime.
func runGonnx(t *testing.T, file []byte, names []string, vals []*tensor.Dense) []tensor.Tensor {
	t.Helper()
	m, err := gonnx.NewModelFromBytes(file)
	if err != nil {
		t.Fatal(err)
	}
	in := gonnx.Tensors{}
	for i, s := range names {
		in[s] = vals[i].Clone().(*tensor.Dense)
		if vals[i].Dtype() == tensor.Int { // ONNX's INT64
			v := vals[i].Data().([]int)
			w := make([]int64, len(v))
			for j, x := range v {
				w[j] = int64(x)
			}
			in[s] = tensor.New(tensor.WithShape(vals[i].Shape()...), tensor.WithBacking(w))
		}
	}
	res, err := m.Run(in)
	if err != nil {
		t.Fatalf("gonnx: %v", err)
	}
	out := make([]tensor.Tensor, len(m.OutputNames()))
	for i, s := range m.OutputNames() {
		out[i] = res[s]
	}
	return out
}

// maxDiff returns the largest |a−b| over the elements, or +Inf when the
// shapes differ or either holds a NaN.
func maxDiff(a *tensor.Dense, b tensor.Tensor) float64 {
	if !a.Shape().Eq(b.Shape()) {
		return math.Inf(1)
	}
	x, y := a.Data().([]float32), b.Data().([]float32)
	d := 0.0
	for i := range x {
		e := math.Abs(float64(x[i]) - float64(y[i]))
		if math.IsNaN(e) {
			return math.Inf(1) // a NaN on either side is a difference
		}
		d = max(d, e)
	}
	return d
}
