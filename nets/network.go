package nets

import (
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
)

// Param is one named trainable tensor of a network.
type Param struct {
	Name  string        // e.g. "W1", "b1"
	Value *tensor.Dense // the weights themselves, updated in place by solvers
}

// Network is one of the networks New builds (the lecture's four, LSTM, GRU
// and the CNN), a composition of layers (see Model) with a Spec and named params in
// a fixed order.
type Network interface {
	Model
	// Spec returns the (normalised) architecture.
	Spec() Spec
	// Params returns the trainable tensors in a fixed order, by the
	// lecture's names ("W1", "b1", ...). The tensors are the layers
	// model's own: every program Compile builds reads them and solvers
	// update them in place.
	Params() []Param
}

// New builds the network that spec describes as a composition of layers
// (see the Perceptron, FF, DFF, RNN, LSTM, GRU and CNN types), with weights drawn from
// NewRNG(seed) in a fixed order: the same spec and seed always give
// bit-identical weights. Weights feeding sigmoid or tanh units are
// Glorot-uniform, weights feeding ReLU units are He-normal, biases are zero.
// New errors when the spec is invalid (see Spec.Normalize) and, before
// allocating anything, when the weights would take more than
// graph.MemoryLimit (the error wraps graph.ErrMemoryLimit).
func New(spec Spec, seed uint64) (Network, error) {
	s, err := spec.Normalize()
	if err != nil {
		return nil, err
	}
	if err := s.checkSize(); err != nil {
		return nil, err
	}
	m, err := layers.NewModel(s.root(), layers.Spec{Dtype: s.Dtype.Tensor(), Input: []int{-1, s.InputWidth()}, Seed: seed})
	if err != nil {
		return nil, errors.Wrapf(err, "nets: building the %s", s.Kind)
	}
	b := base{spec: s, model: m}
	switch s.Kind {
	case KindPerceptron:
		return &Perceptron{b}, nil
	case KindFF:
		return &FF{b}, nil
	case KindDFF:
		return &DFF{b}, nil
	case KindLSTM:
		initForgetBias(m, s.Hidden)
		return &LSTM{b}, nil
	case KindGRU:
		return &GRU{b}, nil
	case KindCNN:
		return &CNN{b}, nil
	}
	return &RNN{b}, nil
}

// root returns the layer tree of the network s (normalised) describes.
func (s Spec) root() layers.Layer {
	switch s.Kind {
	case KindPerceptron:
		return perceptronLayers(s)
	case KindFF, KindDFF:
		return feedForwardLayers(s)
	case KindLSTM, KindGRU:
		return gatedLayers(s)
	case KindCNN:
		return cnnLayers(s)
	}
	return rnnLayers(s)
}

// base holds what every network has: the spec and the layers model.
type base struct {
	spec  Spec
	model *layers.Model
}

// Spec returns the network's architecture.
func (b *base) Spec() Spec { s := b.spec; s.Hidden = append([]int(nil), s.Hidden...); return s }

// Layers returns the layers model the network is.
func (b *base) Layers() *layers.Model { return b.model }

// Head returns the head the spec's loss, mask and sequence output imply.
func (b *base) Head() Head { return b.spec.head() }

// Params returns the network's named params in their fixed order: the
// layers model's params, in creation order, by the lecture's names (a
// CNN's by the layers' names, "conv1.W").
func (b *base) Params() []Param {
	if b.model == nil {
		return nil
	}
	es := b.model.Store().Params()
	out := make([]Param, len(es))
	for i, e := range es {
		out[i] = Param{Name: lectureName(e.Name), Value: e.Value}
		if b.spec.Kind == KindCNN {
			out[i].Name = e.Name
		}
	}
	return out
}

// stored returns the tensors a model file holds for net: its params, then
// the state of a network that has some (a CNN's batch-norm statistics, by
// the layers' names), in the store's order.
func stored(net Network) []Param {
	ps := net.Params()
	if _, ok := net.(*CNN); !ok {
		return ps
	}
	for _, e := range net.Layers().Store().Entries() {
		if !e.Trainable {
			ps = append(ps, Param{Name: e.Name, Value: e.Value})
		}
	}
	return ps
}

// lectureName returns the lecture's name of a layers param: "1.W" (W of
// the layer in scope "1") is "W1"; a name at the root ("W", "Wx") is kept.
func lectureName(name string) string {
	i := strings.IndexByte(name, '.')
	if i < 0 {
		return name
	}
	return name[i+1:] + name[:i]
}

// ParamValues returns the tensors of net's params, in order.
func ParamValues(net Network) []*tensor.Dense {
	ps := net.Params()
	out := make([]*tensor.Dense, len(ps))
	for i, p := range ps {
		out[i] = p.Value
	}
	return out
}
