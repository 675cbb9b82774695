package graph

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Graph is an append-only list of nodes in topological order.
//
// The zero value is an empty graph ready to use, like New(): its dtype is
// tensor.Float64.
//
// A Graph is not safe for concurrent building; build it on one goroutine.
type Graph struct {
	nodes []*Node
	err   error
	dtype tensor.Dtype
	names map[string]*Node
}

// Option configures a new Graph.
type Option func(*Graph)

// WithDtype sets the dtype of the constants made by Graph.Scalar. The default
// is tensor.Float64.
func WithDtype(dt tensor.Dtype) Option { return func(g *Graph) { g.dtype = dt } }

// New returns an empty graph.
func New(opts ...Option) *Graph {
	g := &Graph{dtype: tensor.Float64, names: map[string]*Node{}}
	for _, o := range opts {
		o(g)
	}
	return g
}

// Dtype returns the dtype that Scalar uses: tensor.Float64 unless WithDtype
// chose another.
func (g *Graph) Dtype() tensor.Dtype {
	if g.dtype == (tensor.Dtype{}) {
		return tensor.Float64
	}
	return g.dtype
}

// Err returns the first error recorded while building the graph, or nil.
func (g *Graph) Err() error { return g.err }

// Nodes returns the graph's nodes in the order they were added. The slice is
// the graph's own; do not modify it.
func (g *Graph) Nodes() []*Node { return g.nodes }

// Len returns the number of nodes.
func (g *Graph) Len() int { return len(g.nodes) }

// ByName returns the input or param with the given name, or nil.
func (g *Graph) ByName(name string) *Node { return g.names[name] }

// record keeps err as the graph's error if it is the first.
func (g *Graph) record(err error) {
	if g.err == nil {
		g.err = err
	}
}

func (g *Graph) add(n *Node) *Node {
	n.g = g
	n.id = len(g.nodes)
	g.nodes = append(g.nodes, n)
	return n
}

// bad adds a bad node and records err (wrapped with the caller's position)
// as the graph's error if it is the first.
func (g *Graph) bad(op string, err error) *Node {
	g.record(err)
	return g.add(&Node{kind: KindOp, name: op, bad: true})
}

// Fail records err as a build error of the named op, with the operands'
// shapes and the caller's position, and returns a bad node. Op
// implementations use it for errors found outside Op.Infer (for example an
// invalid axis argument). If an operand is already bad, no new error is
// recorded: the first error stands.
func Fail(op string, err error, in ...*Node) *Node {
	var g *Graph
	for _, n := range in {
		if n != nil && n.g != nil {
			g = n.g
			if n.bad {
				return g.add(&Node{kind: KindOp, name: op, bad: true})
			}
		}
	}
	if g == nil {
		return &Node{kind: KindOp, name: op, bad: true}
	}
	return g.bad(op, newBuildError(op, in, err))
}

// Fail is the package-level Fail for a known graph, usable for an op with no
// operands, such as a leaf. It takes its arguments in the same order.
func (g *Graph) Fail(op string, err error, in ...*Node) *Node {
	return g.bad(op, newBuildError(op, in, err))
}

func checkDtype(where string, dt tensor.Dtype) error {
	switch dt {
	case tensor.Float64, tensor.Float32, tensor.Int:
		return nil
	}
	return errors.Errorf("%s: unsupported dtype %v (want float64, float32 or int)", where, dt)
}
