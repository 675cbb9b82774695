package graph

import (
	"fmt"

	"gorgonia.org/tensor"
)

// Kind tells what a node is.
type Kind uint8

// The kinds of node.
const (
	KindInput Kind = iota // fed at run time
	KindParam             // trainable, holds a value
	KindConst             // holds a value that never changes
	KindOp                // computed from other nodes by an Op
)

// String returns "input", "param", "const" or "op".
func (k Kind) String() string {
	switch k {
	case KindInput:
		return "input"
	case KindParam:
		return "param"
	case KindConst:
		return "const"
	}
	return "op"
}

// Node is one vertex of a Graph: a leaf or the result of an op.
type Node struct {
	g     *Graph
	id    int
	kind  Kind
	name  string
	op    Op
	in    []*Node
	shape tensor.Shape
	dtype tensor.Dtype
	value *tensor.Dense // params and constants
	bad   bool
	pc    uintptr // where the node was built (see caller)
}

// Graph returns the graph the node belongs to.
func (n *Node) Graph() *Graph { return n.g }

// ID returns the node's position in its graph.
func (n *Node) ID() int { return n.id }

// Kind returns whether the node is an input, a param, a constant or an op.
func (n *Node) Kind() Kind { return n.kind }

// Name returns the name given to an input or param, or the op's name.
func (n *Node) Name() string { return n.name }

// Op returns the node's op, or nil for a leaf.
func (n *Node) Op() Op { return n.op }

// Inputs returns the op's operands. The slice is the node's own; do not
// modify it.
func (n *Node) Inputs() []*Node { return n.in }

// Shape returns the node's static shape. A scalar has the empty shape.
func (n *Node) Shape() tensor.Shape { return n.shape }

// Dtype returns the node's dtype.
func (n *Node) Dtype() tensor.Dtype { return n.dtype }

// Size returns the number of elements.
func (n *Node) Size() int { return shapeSize(n.shape) }

// Value returns the value of a param or constant (the tensor itself, not a
// copy), or nil for inputs and ops; use Program.Value for those.
func (n *Node) Value() *tensor.Dense { return n.value }

// Bad reports whether the node could not be built.
func (n *Node) Bad() bool { return n.bad }

// Site returns "file:line" of the code outside chainrule's graph, ops and
// autodiff packages that built the node, or "" if unknown.
func (n *Node) Site() string { return site(n.pc) }

// String returns a short description such as `x#0 input (2, 1) float64`.
func (n *Node) String() string {
	if n == nil {
		return "<nil>"
	}
	if n.bad {
		return fmt.Sprintf("%s#%d bad", n.name, n.id)
	}
	return fmt.Sprintf("%s#%d %s %v %v", n.label(), n.id, n.kind, shapeString(n.shape), n.dtype)
}

func (n *Node) label() string {
	if n.op != nil {
		if s, ok := n.op.(fmt.Stringer); ok {
			return s.String()
		}
		return n.op.Name()
	}
	return n.name
}
