package onnx

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// TestExportErrors checks that what cannot be exported is an error naming
// what and where, and that nothing is written then.
func TestExportErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	cases := []struct {
		name  string
		build func() ([]*graph.Node, Options)
		want  []string // substrings of the error
	}{
		{"no outputs", func() ([]*graph.Node, Options) { return nil, Options{} }, []string{"no outputs"}},
		{"nil output", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{x, nil}, Options{}
		}, []string{"output 1 is nil"}},
		{"bad output", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.MatMul(x, x)}, Options{}
		}, []string{"output 0", "is bad", "MatMul", "errors_test.go:"}},
		{"two graphs", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			_, y, _ := f32(2)
			return []*graph.Node{x, y}, Options{}
		}, []string{"output 1 belongs to another graph"}},
		{"names count", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.Tanh(x)}, Options{OutputNames: []string{"a", "b"}}
		}, []string{"2 output names for 1 outputs"}},
		{"duplicate names", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.Tanh(x), ops.Exp(x)}, Options{OutputNames: []string{"y", "y"}}
		}, []string{`outputs 0 and 1 are both named "y"`}},
		{"name of an input", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.Tanh(x)}, Options{OutputNames: []string{"x"}}
		}, []string{`output name "x" is the name of an input or param`}},
		{"no counterpart", func() ([]*graph.Node, Options) {
			g, x, _ := f32(2)
			w := g.Param("w", randTensor(r, 2, 1, 1, 1))
			return []*graph.Node{ops.Conv2DTranspose(ops.Reshape(x, 1, 2, 1, 1), w, ops.Conv2DTransposeOptions{})}, Options{}
		}, []string{"op Conv2DTranspose", "has no ONNX counterpart", "built at", "errors_test.go:"}},
		{"op of another package", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{graph.Apply(twice{}, x)}, Options{}
		}, []string{"op Twice has no ONNX counterpart", "errors_test.go:"}},
		{"gradient op", func() ([]*graph.Node, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			p := g.Param("p", randTensor(r, 3))
			d, _ := autodiff.Grad(ops.Sum(ops.Sigmoid(p)), p)
			return d, Options{}
		}, []string{"op SigmoidGrad has no ONNX counterpart"}},
		{"scalar input", func() ([]*graph.Node, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			return []*graph.Node{ops.Tanh(g.Input("s", tensor.Float32))}, Options{SymbolicBatch: true}
		}, []string{"s#0", "scalar input has no batch dimension"}},
		{"two batch sizes", func() ([]*graph.Node, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			a, b := g.Input("a", tensor.Float32, 1, 2), g.Input("b", tensor.Float32, 2, 2)
			return []*graph.Node{ops.Tanh(a), ops.Tanh(b)}, Options{SymbolicBatch: true}
		}, []string{"b#1", "first dimension 2 differs from the other inputs' 1"}},
		{"sum over batch", func() ([]*graph.Node, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			x := g.Input("x", tensor.Float32, 3, 2)
			return []*graph.Node{ops.Mean(x, 0)}, Options{SymbolicBatch: true}
		}, []string{"SumTo", "sums over the symbolic batch dimension 0", "errors_test.go:"}},
		{"mean at batch 1", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.Mean(x)}, Options{SymbolicBatch: true}
		}, []string{"Reshape", "reshapes the symbolic batch away"}},
		{"slice of batch", func() ([]*graph.Node, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			x := g.Input("x", tensor.Float32, 4, 2)
			return []*graph.Node{ops.Slice(x, 0, 1, 3)}, Options{SymbolicBatch: true}
		}, []string{"slices the symbolic batch dimension 0"}},
		{"concat along batch", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.Concat(0, x, x)}, Options{SymbolicBatch: true}
		}, []string{"concatenates along the symbolic batch dimension"}},
		{"concat with a param", func() ([]*graph.Node, Options) {
			g, x, _ := f32(2)
			return []*graph.Node{ops.Concat(1, x, g.Param("p", randTensor(r, 1, 2)))}, Options{SymbolicBatch: true}
		}, []string{"operand 1 does not have the batch"}},
		{"contracted batch", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.MatMulT(x, x, true, false)}, Options{SymbolicBatch: true}
		}, []string{"contracts the symbolic batch dimension of operand 0"}},
		{"broadcast batch", func() ([]*graph.Node, Options) {
			g, x, _ := f32(2)
			return []*graph.Node{ops.Add(x, g.Param("p", randTensor(r, 5, 2)))}, Options{SymbolicBatch: true}
		}, []string{"broadcasts the symbolic batch dimension (size 1 at build) to size 5"}},
		{"reshape to scalar", func() ([]*graph.Node, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			x := g.Input("x", tensor.Float32, 1)
			return []*graph.Node{ops.Reshape(x)}, Options{SymbolicBatch: true}
		}, []string{"reshapes the symbolic batch away"}},
		{"max over batch", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.Max(x, 0)}, Options{SymbolicBatch: true}
		}, []string{"reduces the symbolic batch dimension 0"}},
		{"gather batch table", func() ([]*graph.Node, Options) {
			g, x, _ := f32(2)
			return []*graph.Node{ops.Gather(x, g.Const(tensor.New(tensor.WithShape(1), tensor.WithBacking([]int{0}))))}, Options{SymbolicBatch: true}
		}, []string{"Gather", "the table (operand 0) carries the symbolic batch"}},
		{"batched product contracts batch", func() ([]*graph.Node, Options) {
			g := graph.New(graph.WithDtype(tensor.Float32))
			x := g.Input("x", tensor.Float32, 1, 4)
			return []*graph.Node{ops.BatchMatMul(g.Param("p", randTensor(r, 2, 1, 5)), x, true, false)}, Options{SymbolicBatch: true}
		}, []string{"BatchMatMul", "contracts the symbolic batch dimension of operand 1"}},
		{"no counterpart at opset 13", func() ([]*graph.Node, Options) {
			g, x, _ := f32(2)
			return []*graph.Node{ops.ScatterAdd(x, g.Const(tensor.New(tensor.WithShape(1), tensor.WithBacking([]int{0}))), 3)}, Options{}
		}, []string{"op ScatterAdd", "has no ONNX counterpart"}},
		{"pad batch", func() ([]*graph.Node, Options) {
			_, x, _ := f32(2)
			return []*graph.Node{ops.Pad(x, 0, [2]int{1, 0}, [2]int{})}, Options{SymbolicBatch: true}
		}, []string{"pads the symbolic batch dimension 0 by [1 0]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outs, opts := c.build()
			var buf bytes.Buffer
			err := Export(&buf, outs, opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range c.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

// twice is an op of a user's own, which the exporter does not know.
type twice struct{}

func (twice) Name() string { return "Twice" }
func (twice) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	return in[0].Shape(), in[0].Dtype(), nil
}
func (twice) Forward(dst *tensor.Dense, in []*tensor.Dense) error { return nil }
func (twice) VJP(y, dy *graph.Node) ([]*graph.Node, error)        { return []*graph.Node{dy}, nil }

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestExportWriteError(t *testing.T) {
	_, x, _ := f32(2)
	err := Export(failWriter{}, []*graph.Node{ops.Tanh(x)}, Options{})
	if err == nil || !strings.Contains(err.Error(), "writing the model: disk full") {
		t.Fatalf("error %v, want the writer's", err)
	}
}
