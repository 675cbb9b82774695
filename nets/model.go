package nets

import (
	"reflect"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
)

// Model is what Train, Evaluate and Compile run: a composition of layers
// (a *layers.Model, whose params and state are the tensors every program
// reads and the solver updates) and the Head that reads its output. The
// networks New builds are Models; WithHead makes one of any
// *layers.Model.
//
// The layers model's input must leave its batch dimension open (-1); its
// other dimensions multiply to the data set's features per sample (a row of
// 784 pixels feeds an input of [-1, 784] or [-1, 1, 28, 28] alike). Its
// output, for a batch of B, must be [B, K]: the logits, before the output
// activation the head's loss implies.
type Model interface {
	// Layers returns the layers model: its root layer, spec and store.
	Layers() *layers.Model
	// Head returns how the output is scored and read.
	Head() Head
}

// Head says how Train and Evaluate read a model's output [B, K]: the loss,
// which also picks the output activation (sigmoid for SSE and BCE, softmax
// for SoftmaxCE, identity for MSE, as Spec.Loss), whether the targets come
// with a mask of present values, and whether each sample's K outputs are
// several rows of outputs (an output at every time step).
type Head struct {
	Loss Loss
	// Masked: MSE over the present targets only (a data set with a mask).
	Masked bool
	// Step, when > 0, divides the K outputs into K/Step rows of Step
	// outputs, each normalised and scored as a sample of its own (an RNN's
	// output at every step); 0 means one row of K.
	Step int
}

// WithHead returns m with head h as a Model for Train and Evaluate.
func WithHead(m *layers.Model, h Head) Model { return headed{m, h} }

type headed struct {
	m *layers.Model
	h Head
}

func (h headed) Layers() *layers.Model { return h.m }
func (h headed) Head() Head            { return h.h }

// shapes is what Train, Evaluate and Compile need to know of a model
// before building it.
type shapes struct {
	name  string // for messages: the network's kind, or "model"
	kind  Kind   // the network's kind, "" for a model not made by New
	in    []int  // one sample's input shape (the batch dimension left out)
	inW   int    // its size
	outW  int    // outputs per sample
	head  Head
	dtype tensor.Dtype
	names []string // the params' names for messages, in store order
}

// isNilModel reports whether m is nil or a nil pointer.
func isNilModel(m Model) bool {
	if m == nil {
		return true
	}
	v := reflect.ValueOf(m)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// describe returns m's shapes: from the spec for a network New made,
// otherwise from a forward build at batch 1 in evaluation mode. It errors
// on a nil model, a model without layers, an input whose batch is fixed, an
// output that is not [B, K], or a head that does not fit the output.
func describe(m Model) (*shapes, error) {
	if isNilModel(m) {
		return nil, errors.New("nil model")
	}
	lm := m.Layers()
	if lm == nil {
		return nil, errors.Errorf("the %T has no layers model (a zero value? build a network with nets.New, a model with layers.NewModel)", m)
	}
	spec := lm.Spec()
	if spec.Input[0] != -1 {
		return nil, errors.Errorf("the model's input %v fixes the batch size to %d; Train and Evaluate run it at several sizes, so it must be open (-1)", spec.Input, spec.Input[0])
	}
	sh := &shapes{name: "model", in: spec.Input[1:], inW: 1, head: m.Head(), dtype: spec.Dtype}
	for _, d := range sh.in {
		sh.inW *= d
	}
	if net, ok := m.(Network); ok {
		s := net.Spec()
		sh.name, sh.kind, sh.outW = string(s.Kind), s.Kind, s.OutputWidth()
		for _, p := range net.Params() {
			sh.names = append(sh.names, p.Name)
		}
	} else {
		g := graph.New(graph.WithDtype(spec.Dtype))
		x := g.Input("x", spec.Dtype, append([]int{1}, sh.in...)...)
		n0 := lm.Store().Len()
		y := lm.Root().Forward(layers.NewScope(g, lm.Store(), false), x)
		if err := g.Err(); err != nil {
			return nil, errors.Wrap(err, "building the model")
		}
		if lm.Store().Len() != n0 {
			return nil, errors.Errorf("building the model in evaluation mode created %q, which its first build did not; a layer must create the same tensors in both modes", lm.Store().Entries()[n0].Name)
		}
		if y == nil || len(y.Shape()) != 2 || y.Shape()[0] != 1 {
			return nil, errors.Errorf("the model's output for a batch of 1 is %v, want [1, K] (the logits of each sample in a row)", y)
		}
		sh.outW = y.Shape()[1]
		for _, e := range lm.Store().Params() {
			sh.names = append(sh.names, e.Name)
		}
	}
	return sh, sh.head.check(sh.outW)
}

// check reports whether h can read an output of k values per sample.
func (h Head) check(k int) error {
	switch {
	case h.Loss != SSE && h.Loss != BCE && h.Loss != SoftmaxCE && h.Loss != MSE:
		return errors.Errorf("head: loss %q, want sse, bce, softmax-ce or mse", h.Loss)
	case h.Masked && h.Loss != MSE:
		return errors.Errorf("head: a mask needs loss mse, not %q", h.Loss)
	case h.Step < 0 || h.Step > 0 && k%h.Step != 0:
		return errors.Errorf("head: %d outputs per step do not divide the %d outputs", h.Step, k)
	}
	if r := h.rowWidth(k); h.Loss == SoftmaxCE && r < 2 {
		return errors.Errorf("head: softmax-ce needs at least 2 outputs, have %d", r)
	}
	return nil
}

// rowWidth returns the width of one scored row of an output of k.
func (h Head) rowWidth(k int) int {
	if h.Step > 0 {
		return h.Step
	}
	return k
}

// head returns the head of the network s describes.
func (s Spec) head() Head {
	h := Head{Loss: s.Loss, Masked: s.Masked}
	if s.Kind.Recurrent() && s.EveryStep {
		h.Step = s.Outputs
	}
	return h
}
