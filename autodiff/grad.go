package autodiff

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Grad returns ∂y/∂w for each w in wrt, as nodes of y's graph with w's shape.
//
// y must be a scalar (a single element). A w that y does not depend on gets
// a constant zero gradient. Grad returns the graph's build error if it has
// one, and errors when y is not a scalar, a node is nil or from another
// graph, or an op on the way has no VJP (the error names the op).
func Grad(y *graph.Node, wrt ...*graph.Node) ([]*graph.Node, error) {
	if y == nil || y.Graph() == nil {
		return nil, errors.New("autodiff: Grad: y is nil")
	}
	g := y.Graph()
	if err := g.Err(); err != nil {
		return nil, err
	}
	if y.Size() != 1 {
		return nil, errors.Errorf("autodiff: Grad: y must be a scalar, has shape %s", graph.ShapeString(y.Shape()))
	}
	for i, w := range wrt {
		if w == nil || w.Graph() != g {
			return nil, errors.Errorf("autodiff: Grad: wrt[%d] is nil or from another graph", i)
		}
	}
	nodes := g.Nodes()[:y.ID()+1]
	// reach[i]: node i depends on some w in wrt, so its adjoint is needed.
	reach := make([]bool, len(nodes))
	for _, w := range wrt {
		if w.ID() < len(reach) {
			reach[w.ID()] = true
		}
	}
	for i, n := range nodes {
		for _, in := range n.Inputs() {
			if reach[in.ID()] {
				reach[i] = true
			}
		}
	}
	adj := make([]*graph.Node, len(nodes))
	adj[y.ID()] = g.Full(y.Dtype(), 1, y.Shape()...)
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		if adj[i] == nil || n.Op() == nil || !reach[i] {
			continue
		}
		contrib, err := n.Op().VJP(n, adj[i])
		if err != nil {
			return nil, errors.Wrapf(err, "autodiff: VJP of %s (node %d)", n.Name(), i)
		}
		if len(contrib) != len(n.Inputs()) {
			return nil, errors.Errorf("autodiff: VJP of %s returned %d adjoints for %d operands", n.Name(), len(contrib), len(n.Inputs()))
		}
		for j, in := range n.Inputs() {
			c := contrib[j]
			if c == nil || !reach[in.ID()] {
				continue
			}
			c = unbroadcast(c, in.Shape())
			if adj[in.ID()] == nil {
				adj[in.ID()] = c
			} else {
				adj[in.ID()] = ops.Add(adj[in.ID()], c)
			}
		}
		if err := g.Err(); err != nil {
			return nil, errors.Wrapf(err, "autodiff: building the VJP of %s (node %d)", n.Name(), i)
		}
	}
	out := make([]*graph.Node, len(wrt))
	for i, w := range wrt {
		if w.ID() < len(adj) && adj[w.ID()] != nil {
			out[i] = adj[w.ID()]
		} else {
			out[i] = g.Full(w.Dtype(), 0, w.Shape()...)
		}
	}
	return out, g.Err()
}

// MustGrad is like Grad but panics on error; for tests and examples.
func MustGrad(y *graph.Node, wrt ...*graph.Node) []*graph.Node {
	d, err := Grad(y, wrt...)
	if err != nil {
		panic(err)
	}
	return d
}

// unbroadcast sums an adjoint c of a broadcast shape back to shape, the one
// place where broadcasting is undone.
func unbroadcast(c *graph.Node, shape []int) *graph.Node {
	cs := c.Shape()
	switch {
	case graph.SameShape(cs, shape):
		return c
	case len(cs) < len(shape):
		return ops.BroadcastTo(c, shape...)
	}
	s := ops.SumTo(c, unbroadcastShape(shape, cs)...)
	if len(cs) == len(shape) {
		return s
	}
	return ops.Reshape(s, shape...)
}

// unbroadcastShape returns the shape, of c's rank, that in's shape has when
// aligned from the right with leading 1s: the target of SumTo before the
// reshape back to in's own rank.
func unbroadcastShape(in, c []int) []int {
	out := make([]int, len(c))
	for i := range out {
		out[i] = 1
	}
	copy(out[len(c)-len(in):], in)
	return out
}
