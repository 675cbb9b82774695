package onnx

import (
	"fmt"
	"io"
	"strconv"

	pb "github.com/advancedclimatesystems/gonnx/onnx"
	"github.com/pkg/errors"
	"google.golang.org/protobuf/proto"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Opset is the version of the default ONNX operator set the exported models
// import.
const Opset = 13

// IRVersion is the ONNX IR version of the exported models: 7, the version
// that came with opset 13 (ONNX 1.8), so every reader that knows opset 13
// reads the file.
const IRVersion = 7

// BatchParam is the name of the symbolic batch dimension (the dim_param of
// dimension 0 of the inputs and of the outputs that keep the batch).
const BatchParam = "batch"

// Options configure Export. The zero value exports fixed shapes, with the
// outputs named after their nodes.
type Options struct {
	// SymbolicBatch declares dimension 0 of every input as the symbolic
	// dimension "batch" instead of its size, so the file runs at any batch
	// size. The graph is read as built for one batch size (its inputs' first
	// dimension, all equal): Reshape targets keep the batch as -1, and an op
	// that would tie the result to the build batch is an error (a reduction
	// or slice over the batch, a batch dimension broadcast against another
	// size, a product contracting it). Build the graph at batch 1, as
	// nets.Compile does for one sample; a size-1 dimension at the batch's
	// position is then read as the batch, never as reduced.
	SymbolicBatch bool
	// OutputNames name the graph outputs, one per output node. Empty means
	// each output is named after its node: an input's or param's name, or
	// "<Op>_<id>" for an op node.
	OutputNames []string
	// GraphName is the graph's name; empty means "chainrule".
	GraphName string
	// DocString is written to the model's doc_string.
	DocString string
	// ProducerVersion is written as the model's producer_version (the
	// producer_name is "chainrule").
	ProducerVersion string
	// Names renames inputs and params: the file calls the leaf whose graph
	// name is a key by its value (nets.Compiled.ParamNames gives a lecture
	// network's own names, W1, b1, … for the scopes 1.W, 1.b, …). Names
	// must be unique; leaves not listed keep their graph names.
	Names map[string]string
	// Batch, for ExportModel only, fixes the exported model's batch size;
	// 0 means a symbolic batch when the model's batch is open.
	Batch int
}

// leafName is the name the file gives an input or param.
func (e *exporter) leafName(n *graph.Node) string {
	if s, ok := e.opts.Names[n.Name()]; ok && s != "" {
		return s
	}
	return n.Name()
}

// Export writes the ONNX model computing outputs from their graph's inputs:
// a ModelProto (IR version IRVersion, default opset Opset, producer
// "chainrule") whose graph inputs are the graph's inputs that the outputs
// depend on (in the order they were added to the graph), whose initializers
// are the params (named as the params) and constants the outputs depend on,
// and whose outputs are the output nodes, in order. It errors, writing
// nothing, when an output is nil or bad, the outputs belong to different
// graphs, an op has no ONNX counterpart (the error names the op, its node
// and where it was built), or a dtype has no ONNX element type.
func Export(w io.Writer, outputs []*graph.Node, opts Options) error {
	m, err := build(outputs, opts)
	if err != nil {
		return err
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return errors.Wrap(err, "onnx: Export: encoding the model")
	}
	if _, err := w.Write(b); err != nil {
		return errors.Wrap(err, "onnx: Export: writing the model")
	}
	return nil
}

// exporter holds the state of one export.
type exporter struct {
	opts  Options
	g     *pb.GraphProto
	name  map[*graph.Node]string // the ONNX value holding each exported node
	batch map[*graph.Node]int    // the dimension that scales with the batch, -1 for none
	taken map[string]bool        // value names in use
	b0    int                    // the build batch size (SymbolicBatch)
	cache map[string]string      // constant initializers by content
}

// build returns the model Export writes. A panic below (a bug) comes back
// as an error, as every other failure does.
func build(outputs []*graph.Node, opts Options) (m *pb.ModelProto, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, errors.Errorf("onnx: Export: internal error: %v", r)
		}
	}()
	g, err := checkOutputs(outputs, opts)
	if err != nil {
		return nil, err
	}
	if err := g.Err(); err != nil {
		return nil, errors.Wrap(err, "onnx: Export: the graph has an error")
	}
	e := &exporter{
		opts:  opts,
		g:     &pb.GraphProto{Name: opts.GraphName},
		name:  map[*graph.Node]string{},
		batch: map[*graph.Node]int{},
		taken: map[string]bool{},
		cache: map[string]string{},
		b0:    -1,
	}
	if e.g.Name == "" {
		e.g.Name = "chainrule"
	}
	needed := e.needed(outputs)
	for _, n := range needed { // leaf names first: generated names avoid them
		if n.Kind() == graph.KindInput || n.Kind() == graph.KindParam {
			if e.taken[e.leafName(n)] {
				return nil, errors.Errorf("onnx: Export: two inputs or params are named %q", e.leafName(n))
			}
			e.taken[e.leafName(n)] = true
		}
	}
	for _, s := range opts.OutputNames {
		if e.taken[s] {
			return nil, errors.Errorf("onnx: Export: output name %q is the name of an input or param", s)
		}
		e.taken[s] = true
	}
	for _, n := range needed {
		if err := e.node(n); err != nil {
			return nil, err
		}
	}
	if err := e.outputs(outputs); err != nil {
		return nil, err
	}
	return &pb.ModelProto{
		IrVersion:       IRVersion,
		OpsetImport:     []*pb.OperatorSetIdProto{{Domain: "", Version: Opset}},
		ProducerName:    "chainrule",
		ProducerVersion: opts.ProducerVersion,
		DocString:       opts.DocString,
		Graph:           e.g,
	}, nil
}

func checkOutputs(outputs []*graph.Node, opts Options) (*graph.Graph, error) {
	if len(outputs) == 0 {
		return nil, errors.New("onnx: Export: no outputs")
	}
	if len(opts.OutputNames) != 0 && len(opts.OutputNames) != len(outputs) {
		return nil, errors.Errorf("onnx: Export: %d output names for %d outputs", len(opts.OutputNames), len(outputs))
	}
	var g *graph.Graph
	for i, n := range outputs {
		switch {
		case n == nil:
			return nil, errors.Errorf("onnx: Export: output %d is nil", i)
		case n.Bad() && n.Graph() != nil && n.Graph().Err() != nil:
			return nil, errors.Wrapf(n.Graph().Err(), "onnx: Export: output %d (%v) is bad", i, n)
		case n.Bad() || n.Graph() == nil:
			return nil, errors.Errorf("onnx: Export: output %d (%v) is bad", i, n)
		case g != nil && n.Graph() != g:
			return nil, errors.Errorf("onnx: Export: output %d belongs to another graph than output 0", i)
		}
		g = n.Graph()
	}
	seen := map[string]int{}
	for i, s := range opts.OutputNames {
		if s == "" {
			return nil, errors.Errorf("onnx: Export: output name %d is empty", i)
		}
		if j, ok := seen[s]; ok {
			return nil, errors.Errorf("onnx: Export: outputs %d and %d are both named %q", j, i, s)
		}
		seen[s] = i
	}
	return g, nil
}

// deps returns the nodes n's export reads: its operands, except where a
// pattern is exported as one ONNX op (Exp of LogSoftmax is Softmax).
func deps(n *graph.Node) []*graph.Node {
	if ls := softmaxOf(n); ls != nil {
		return ls.Inputs()
	}
	return n.Inputs()
}

// softmaxOf returns the LogSoftmax node when n is Exp(LogSoftmax(x)), the
// form ops.Softmax builds.
func softmaxOf(n *graph.Node) *graph.Node {
	if a, ok := ops.Describe(n); !ok || a.Op != "Exp" {
		return nil
	}
	if a, ok := ops.Describe(n.Inputs()[0]); ok && a.Op == "LogSoftmax" {
		return n.Inputs()[0]
	}
	return nil
}

// needed returns the nodes the outputs depend on, in graph order.
func (e *exporter) needed(outputs []*graph.Node) []*graph.Node {
	seen := map[*graph.Node]bool{}
	stack := append([]*graph.Node(nil), outputs...)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, deps(n)...)
	}
	var out []*graph.Node
	for _, n := range outputs[0].Graph().Nodes() {
		if seen[n] {
			out = append(out, n)
		}
	}
	return out
}

// node exports one node, its dependencies exported already.
func (e *exporter) node(n *graph.Node) error {
	switch n.Kind() {
	case graph.KindInput:
		return e.input(n)
	case graph.KindParam:
		return e.initializer(n, e.leafName(n))
	case graph.KindConst:
		return e.initializer(n, e.fresh("const_"+strconv.Itoa(n.ID())))
	}
	a, ok := ops.Describe(n)
	lower := lowerings[a.Op]
	if !ok || lower == nil {
		return e.fail(n, errors.Errorf("op %s has no ONNX counterpart", opName(n)))
	}
	d, err := e.batchDim(n, a)
	if err != nil {
		return e.fail(n, err)
	}
	e.batch[n] = d
	in := make([]string, len(n.Inputs()))
	for i, x := range n.Inputs() {
		in[i] = e.name[x] // "" for an operand a pattern skips
	}
	first := len(e.g.Node)
	v, err := lower(e, n, a, in)
	if err != nil {
		return e.fail(n, err)
	}
	// Give the node's value a name that says where it came from.
	base := a.Op
	if softmaxOf(n) != nil {
		base = "Softmax"
	}
	want := e.fresh(base + "_" + strconv.Itoa(n.ID()))
	if renamed := e.rename(first, v, want); renamed {
		v = want
	}
	e.name[n] = v
	return nil
}

func opName(n *graph.Node) string {
	if s, ok := n.Op().(fmt.Stringer); ok && s.String() != n.Op().Name() {
		return n.Op().Name() + " (" + s.String() + ")"
	}
	return n.Op().Name()
}

// fail wraps err with the node and where it was built.
func (e *exporter) fail(n *graph.Node, err error) error {
	where := ""
	if s := n.Site(); s != "" {
		where = ", built at " + s
	}
	return errors.Errorf("onnx: Export: node %v%s: %v", n, where, err)
}

func (e *exporter) input(n *graph.Node) error {
	et, err := elemType(n.Dtype())
	if err != nil {
		return e.fail(n, err)
	}
	sym := -1
	if e.opts.SymbolicBatch {
		s := n.Shape()
		if len(s) == 0 {
			return e.fail(n, errors.New("a scalar input has no batch dimension to make symbolic"))
		}
		if e.b0 >= 0 && s[0] != e.b0 {
			return e.fail(n, errors.Errorf("first dimension %d differs from the other inputs' %d: a symbolic batch needs one build batch size", s[0], e.b0))
		}
		e.b0, sym = s[0], 0
	}
	e.batch[n] = sym
	e.name[n] = e.leafName(n)
	e.g.Input = append(e.g.Input, valueInfo(e.leafName(n), et, n.Shape(), sym, BatchParam))
	return nil
}

func (e *exporter) initializer(n *graph.Node, name string) error {
	tp, err := tensorProto(name, n.Value())
	if err != nil {
		return e.fail(n, err)
	}
	e.batch[n] = -1
	e.name[n] = name
	e.g.Initializer = append(e.g.Initializer, tp)
	return nil
}

func (e *exporter) outputs(outputs []*graph.Node) error {
	explicit := len(e.opts.OutputNames) > 0
	for i, n := range outputs {
		v := e.name[n]
		want := v
		if explicit {
			want = e.opts.OutputNames[i]
		}
		switch {
		case e.produced(v) && !e.isGraphOutput(v):
			if want != v {
				e.renameValue(v, want)
			}
		default: // an input, initializer or a value that is an output already: copy it
			if !explicit {
				want = e.fresh(v + "_out")
			}
			e.emitTo("Identity", []string{v}, want)
		}
		et, err := elemType(n.Dtype())
		if err != nil {
			return e.fail(n, err)
		}
		sym, param := e.batch[n], ""
		if sym >= 0 && n.Shape()[sym] == e.b0 {
			param = BatchParam
		}
		e.g.Output = append(e.g.Output, valueInfo(want, et, n.Shape(), sym, param))
	}
	return nil
}
