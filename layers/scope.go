package layers

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Scope is a layer's view of one graph being built: its position in the
// name tree ("block1.conv"), the graph, whether the graph is for training,
// and the model's Store. Layers reach their params and state through it by
// short names; the scope prefixes them. One build shares one set of nodes:
// asking twice for the same name in one graph (a recurrent cell unrolled
// over T steps, a weight shared by two layers) gives the same node.
type Scope struct {
	b    *build
	path string
}

// build is what every scope of one graph shares.
type build struct {
	g        *graph.Graph
	store    *Store
	training bool
	nodes    map[string]*graph.Node
	updates  []Update
	carry    bool    // SetCarry: recurrent layers take their first state as inputs
	carries  []Carry // CarryIn's inputs and CarryOut's finals
}

// Update is a state tensor's new value after a training step, registered by
// Scope.Update: the model computes Value with the step and copies it into
// State's tensor afterwards.
type Update struct {
	State *Entry
	Node  *graph.Node // the state's node in the graph
	Value *graph.Node // its value after the step, of the same shape
}

// NewScope returns the root scope of a build of graph g over store st, for
// training or evaluation. Models call it for every program they compile;
// call it yourself to add a layer's nodes to a graph of your own.
func NewScope(g *graph.Graph, st *Store, training bool) *Scope {
	return &Scope{b: &build{g: g, store: st, training: training, nodes: map[string]*graph.Node{}}}
}

// In returns the child scope name: In("conv1").Param("W", ...) is the param
// "conv1.W" at the root. An empty name, or one holding '.', gives a scope
// whose params are bad nodes recording the error.
func (s *Scope) In(name string) *Scope {
	return &Scope{b: s.b, path: s.join(name)}
}

// join returns the full name of name in s, or a name holding "\x00" (checked
// by Param and State) when name is empty or holds '.'.
func (s *Scope) join(name string) string {
	if name == "" || strings.ContainsAny(name, ".\x00") {
		name = "\x00" + name
	}
	if s.path == "" {
		return name
	}
	return s.path + "." + name
}

// Path returns the scope's position in the name tree, "" at the root.
func (s *Scope) Path() string { return s.path }

// Name returns the full name of name in s, as Param would store it.
func (s *Scope) Name(name string) string { return s.join(name) }

// Graph returns the graph being built.
func (s *Scope) Graph() *graph.Graph { return s.b.g }

// Store returns the model's store.
func (s *Scope) Store() *Store { return s.b.store }

// Dtype returns the dtype of the store's tensors.
func (s *Scope) Dtype() tensor.Dtype { return s.b.store.Dtype() }

// Training reports whether the graph is built for training: a model builds
// separate programs for training and evaluation, and layers such as batch
// norm and dropout build different nodes for each. A layer must create the
// same params and state, in the same order, in both.
func (s *Scope) Training() bool { return s.b.training }

// Param returns the node of the trainable param name of shape dims, creating
// its tensor with init on the model's first build (init draws from the
// store's one generator, in creation order). Every graph of the model holds
// the same tensor. A bad name, a shape other than the existing entry's, or a
// failing init gives a bad node and records the error on the graph.
func (s *Scope) Param(name string, init Init, dims ...int) *graph.Node {
	return s.leaf("Param", name, true, init, dims)
}

// State is Param for a tensor that is saved with the model but not trained
// (batch norm's running mean): its node is a graph param, so programs read
// its current value at every run, but the model never differentiates with
// respect to it nor hands it to a solver. Change it with Update.
func (s *Scope) State(name string, init Init, dims ...int) *graph.Node {
	return s.leaf("State", name, false, init, dims)
}

func (s *Scope) leaf(op, name string, trainable bool, init Init, dims []int) *graph.Node {
	full := s.join(name)
	if strings.Contains(full, "\x00") {
		return s.fail(3, "layers."+op, errors.Errorf("layers: bad name %q in scope %q: names are non-empty and hold no '.'", strings.ReplaceAll(full, "\x00", ""), s.path))
	}
	e, err := s.b.store.get(full, trainable, init, dims)
	if err != nil {
		return s.fail(3, "layers."+op, err)
	}
	if n, ok := s.b.nodes[full]; ok {
		return n
	}
	n := s.b.g.Param(full, e.Value)
	s.b.nodes[full] = n
	return n
}

// Seed returns the seed name of a random op of the layer (dropout's mask),
// drawn once from the store's generator on the model's first build, in
// creation order with the initialisers, and the same in every later build;
// it is saved with the model, so a loaded model draws the same random
// numbers. A bad name records an error on the graph and gives 0.
func (s *Scope) Seed(name string) uint64 {
	full := s.join(name)
	if strings.Contains(full, "\x00") {
		s.fail(2, "layers.Seed", errors.Errorf("layers: bad name %q in scope %q: names are non-empty and hold no '.'", strings.ReplaceAll(full, "\x00", ""), s.path))
		return 0
	}
	v, err := s.b.store.seed(full)
	if err != nil {
		s.fail(2, "layers.Seed", err)
	}
	return v
}

// Update registers, in a training build, that after each training step the
// state tensor of node state (made by State) takes value's value. It is a
// no-op in an evaluation build, so a layer may call it unconditionally. A
// node that is not a state of this build, or a value of another shape or
// dtype, records an error on the graph.
func (s *Scope) Update(state, value *graph.Node) {
	if !s.b.training {
		return
	}
	if state == nil || value == nil || state.Bad() || value.Bad() {
		if value != nil && value.Bad() || state != nil && state.Bad() {
			return // the first error is recorded already
		}
		s.fail(2, "layers.Update", errors.New("layers: Update: nil node"))
		return
	}
	e := s.b.store.Lookup(state.Name())
	if e == nil || e.Trainable || s.b.nodes[state.Name()] != state {
		s.fail(2, "layers.Update", errors.Errorf("layers: Update: %s is not a state tensor of this build", state), state)
		return
	}
	if !state.Shape().Eq(value.Shape()) || state.Dtype() != value.Dtype() {
		s.fail(2, "layers.Update", errors.Errorf("layers: Update: new value of %q is %v %v, want %v %v", state.Name(), value.Dtype(), value.Shape(), state.Dtype(), state.Shape()), state, value)
		return
	}
	for i, u := range s.b.updates {
		if u.State == e {
			s.b.updates[i].Value = value // the last registration wins
			return
		}
	}
	s.b.updates = append(s.b.updates, Update{State: e, Node: state, Value: value})
}

// Updates returns the state updates registered in this build, in order.
func (s *Scope) Updates() []Update { return s.b.updates }

// Fail records err as a build error of op (with in's shapes) on the graph
// and returns a bad node, so that Forward stays fluent: return s.Fail(...)
// and the model's compile reports the error. The message names the layer's
// scope and the file:line of Fail's caller (the graph's own position for the
// error skips only graph, ops and autodiff frames, so it points into this
// package).
func (s *Scope) Fail(op string, err error, in ...*graph.Node) *graph.Node {
	return s.fail(2, op, err, in...)
}

// fail is Fail naming the position skip frames up.
func (s *Scope) fail(skip int, op string, err error, in ...*graph.Node) *graph.Node {
	where := ""
	if _, file, line, ok := runtime.Caller(skip); ok {
		where = fmt.Sprintf(" (%s:%d)", filepath.Base(file), line)
	}
	if s.path != "" {
		err = errors.Wrapf(err, "in layer %q%s", s.path, where)
	} else {
		err = errors.Wrapf(err, "in the root layer%s", where)
	}
	return s.b.g.Fail(op, err, in...)
}
