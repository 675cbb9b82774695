package onnx

import (
	"io"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
)

// InputName and OutputName are the names ExportModel gives the model's
// input and output unless Options.Names or Options.OutputNames say
// otherwise.
const (
	InputName  = "input"
	OutputName = "output"
)

// ExportModel writes m's forward pass in evaluation mode (dropout off,
// batch norm on its running statistics) as an ONNX model, as Export does for
// a graph: input "input" of the model's input dtype (int64 for a model fed
// indices), output "output", and the params and state as initializers named
// as the store names them ("1.W", "conv.b", …), so the file's weights match
// layers.Save, SaveSafetensors and ToTorch.
//
// When m's batch is open (Spec.Input[0] == -1) the graph is built at batch 1
// and the batch is symbolic, whatever opts.SymbolicBatch says, unless
// opts.Batch fixes it; a model with a fixed batch is exported at that batch
// with fixed shapes. opts.Names may rename the input (key "input") and any
// param; opts.OutputNames, if set, names the one output. It errors, writing
// nothing, on a nil model, a batch the model does not allow, a layer that
// fails to build, or an op with no ONNX counterpart (named, with where it
// was built).
func ExportModel(w io.Writer, m *layers.Model, opts Options) error {
	if m == nil {
		return errors.New("onnx: ExportModel: nil model")
	}
	s := m.Spec()
	switch {
	case opts.Batch < 0:
		return errors.Errorf("onnx: ExportModel: Options.Batch %d, want >= 1 (or 0 for a symbolic batch)", opts.Batch)
	case opts.Batch > 0 && s.Input[0] > 0 && opts.Batch != s.Input[0]:
		return errors.Errorf("onnx: ExportModel: Options.Batch %d, but the model's input %v fixes the batch to %d", opts.Batch, s.Input, s.Input[0])
	}
	b := opts.Batch
	if b == 0 {
		b = max(s.Input[0], 1)
	}
	opts.SymbolicBatch = opts.Batch == 0 && s.Input[0] < 0
	if len(opts.OutputNames) == 0 {
		opts.OutputNames = []string{OutputName}
	}
	dt := s.InputDtype
	if dt == (layers.Spec{}).InputDtype {
		dt = s.Dtype
	}
	g := graph.New(graph.WithDtype(s.Dtype))
	x := g.Input(InputName, dt, append([]int{b}, s.Input[1:]...)...)
	y, err := forward(m, g, x)
	if err != nil {
		return err
	}
	return Export(w, []*graph.Node{y}, opts)
}

// forward builds m's evaluation graph on x; a panicking layer (a bug in a
// user's layer) comes back as an error.
func forward(m *layers.Model, g *graph.Graph, x *graph.Node) (y *graph.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			y, err = nil, errors.Errorf("onnx: ExportModel: building the model: the root layer %T panicked: %v", m.Root(), r)
		}
	}()
	n0 := m.Store().Len()
	y = m.Root().Forward(layers.NewScope(g, m.Store(), false), x)
	if m.Store().Len() != n0 {
		return nil, errors.Errorf("onnx: ExportModel: building the model created %q, a tensor the model's first build did not", m.Store().Entries()[n0].Name)
	}
	if err := g.Err(); err != nil {
		return nil, errors.Wrapf(err, "onnx: ExportModel: building the model (batch %d, evaluation)", x.Shape()[0])
	}
	if y == nil {
		return nil, errors.Errorf("onnx: ExportModel: building the model: the root layer %T returned a nil node", m.Root())
	}
	return y, nil
}
