package nets

import (
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Param is one named trainable tensor of a network.
type Param struct {
	Name  string        // e.g. "W1", "b1"
	Value *tensor.Dense // the weights themselves, updated in place by solvers
}

// Network is one of the four networks of the lecture: a Spec, named params in
// a fixed order, and a forward pass written with ops.
type Network interface {
	// Spec returns the (normalised) architecture.
	Spec() Spec
	// Params returns the trainable tensors in a fixed order. The tensors are
	// the network's own: graphs built by Compile read them and solvers update
	// them in place.
	Params() []Param
	// Logits adds the forward pass for a batch x [B, InputWidth] to x's
	// graph, given the params as nodes of that graph (in Params order), and
	// returns the pre-activation of the output layer, [B, OutputWidth].
	Logits(x *graph.Node, p []*graph.Node) *graph.Node
}

// New builds the network that spec describes, with weights drawn from
// NewRNG(seed): the same spec and seed always give bit-identical weights.
// Weights feeding sigmoid or tanh units are Glorot-uniform, weights feeding
// ReLU units are He-normal, biases are zero. New errors when the spec is
// invalid (see Spec.Normalize) and, before allocating anything, when the
// weights would take more than graph.MemoryLimit (the error wraps
// graph.ErrMemoryLimit).
func New(spec Spec, seed uint64) (Network, error) {
	s, err := spec.Normalize()
	if err != nil {
		return nil, err
	}
	if err := s.checkSize(); err != nil {
		return nil, err
	}
	b := &base{spec: s}
	rng := NewRNG(seed)
	switch s.Kind {
	case KindPerceptron:
		return newPerceptron(b, rng)
	case KindFF:
		return newFF(b, rng)
	case KindDFF:
		return newDFF(b, rng)
	}
	return newRNN(b, rng)
}

// base holds what every network has: the spec and the params.
type base struct {
	spec   Spec
	params []Param
}

// Spec returns the network's architecture.
func (b *base) Spec() Spec { s := b.spec; s.Hidden = append([]int(nil), s.Hidden...); return s }

// Params returns the network's named params in their fixed order.
func (b *base) Params() []Param { return append([]Param(nil), b.params...) }

// add appends a param.
func (b *base) add(name string, v *tensor.Dense, err error) error {
	if err != nil {
		return errors.Wrapf(err, "nets: initialising %s", name)
	}
	b.params = append(b.params, Param{Name: name, Value: v})
	return nil
}

// dense adds the weight and bias of a layer fanIn → fanOut named W<suffix>
// and b<suffix>, initialised for the activation act that follows it.
func (b *base) dense(r *rand.Rand, suffix string, fanIn, fanOut int, act Activation) error {
	return b.denseNamed(r, "W"+suffix, "b"+suffix, fanIn, fanOut, act)
}

// denseNamed is dense with the two names given.
func (b *base) denseNamed(r *rand.Rand, wName, bName string, fanIn, fanOut int, act Activation) error {
	dt := b.spec.Dtype.Tensor()
	var w *tensor.Dense
	var err error
	if act == ReLU {
		w, err = He(r, dt, fanIn, fanOut)
	} else {
		w, err = Glorot(r, dt, fanIn, fanOut)
	}
	if err := b.add(wName, w, err); err != nil {
		return err
	}
	z, err := Zeros(dt, fanOut)
	return b.add(bName, z, err)
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
