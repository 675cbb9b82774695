package autodiff

import (
	"fmt"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Grad returns ∂y/∂w for each w in wrt, as nodes of y's graph with w's shape.
//
// y must be a scalar (a single element). A w that y does not depend on gets
// a constant zero gradient. Grad builds adjoints only for the nodes that lead
// to a w: an op that is a graph.PartialVJPer (MatMul, Mul, Div, Sub, Where,
// Concat, ...) is asked for the adjoints of those operands alone, so
// differentiating a network by its weights adds no node for the adjoint of
// its input, and calling Grad again adds no dead copies. A path through an
// operand that gets no gradient (a graph.NoGrader's: Greater's, the
// condition of Where, ReLU's gradient's mask) does not count as leading to
// a w.
//
// Grad returns the graph's build error if it has one, and errors when y is
// not a scalar, a node is nil or from another graph, or an op on the way has
// no VJP or a VJP that returns the wrong number of adjoints, a node of
// another graph (or of none), a bad node, or an adjoint of another dtype or
// of a shape that does not sum down to its operand's; the error names the
// op, its node and the file:line that built it.
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
	// reach[i]: node i depends on some w in wrt through operands that pass
	// gradients (not through a graph.NoGrader's), so its adjoint is needed.
	reach := make([]bool, len(nodes))
	for _, w := range wrt {
		if w.ID() < len(reach) {
			reach[w.ID()] = true
		}
	}
	for i, n := range nodes {
		ng, _ := n.Op().(graph.NoGrader)
		for j, in := range n.Inputs() {
			if reach[in.ID()] && (ng == nil || !ng.NoGrad(j)) {
				reach[i] = true
			}
		}
	}
	adj := make([]*graph.Node, len(nodes))
	if reach[y.ID()] {
		adj[y.ID()] = g.Full(y.Dtype(), 1, y.Shape()...)
	}
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		if adj[i] == nil || n.Op() == nil || !reach[i] {
			continue
		}
		contrib, err := vjp(n, adj[i], reach)
		if err != nil {
			return nil, err
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
			return nil, errors.Wrapf(err, "autodiff: building the VJP of %s", where(n))
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

// vjp returns the adjoints that n's op gives its operands for n's adjoint
// dy, building those of the operands that reach a wrt alone (all of them
// when the op is no graph.PartialVJPer; none when no operand reaches one),
// and checks each: an adjoint must be a node of n's graph with its
// operand's dtype and a shape that broadcasting undoes into the operand's.
// A nil adjoint means that no gradient flows to that operand.
func vjp(n, dy *graph.Node, reach []bool) ([]*graph.Node, error) {
	in := n.Inputs()
	needs, some := make([]bool, len(in)), false
	for j, x := range in {
		needs[j] = reach[x.ID()]
		some = some || needs[j]
	}
	if !some {
		return make([]*graph.Node, len(in)), nil
	}
	var contrib []*graph.Node
	var err error
	if p, ok := n.Op().(graph.PartialVJPer); ok {
		contrib, err = p.PartialVJP(n, dy, needs)
	} else {
		contrib, err = n.Op().VJP(n, dy)
	}
	if err != nil {
		return nil, errors.Wrapf(err, "autodiff: VJP of %s", where(n))
	}
	if err := n.Graph().Err(); err != nil {
		return nil, errors.Wrapf(err, "autodiff: building the VJP of %s", where(n))
	}
	if len(contrib) != len(in) {
		return nil, errors.Errorf("autodiff: VJP of %s returned %d adjoints for %d operands", where(n), len(contrib), len(in))
	}
	for j, c := range contrib {
		if c == nil || !needs[j] {
			continue
		}
		x := in[j]
		switch {
		case c.Graph() != n.Graph():
			return nil, errors.Errorf("autodiff: VJP of %s returned for operand %d a node of another graph (or of none)", where(n), j)
		case c.Bad():
			return nil, errors.Errorf("autodiff: VJP of %s returned for operand %d a bad node", where(n), j)
		case c.Dtype() != x.Dtype():
			return nil, errors.Errorf("autodiff: VJP of %s returned for operand %d an adjoint of dtype %v; the operand is %v", where(n), j, c.Dtype(), x.Dtype())
		case !undoable(c.Shape(), x.Shape()):
			return nil, errors.Errorf("autodiff: VJP of %s returned for operand %d an adjoint of shape %s, which does not sum down to the operand's %s",
				where(n), j, graph.ShapeString(c.Shape()), graph.ShapeString(x.Shape()))
		}
	}
	return contrib, nil
}

// where names node n for an error: its op, its id and, when known, the
// file:line that built it.
func where(n *graph.Node) string {
	s := fmt.Sprintf("%s (node %d", n.Name(), n.ID())
	if site := n.Site(); site != "" {
		s += ", built at " + site
	}
	return s + ")"
}

// undoable reports whether unbroadcast can turn an adjoint of shape c into
// one of shape in: c is in's shape broadcast (in broadcasts to c), or of
// lower rank and broadcasts to in.
func undoable(c, in []int) bool {
	out, err := graph.Broadcast(c, in)
	if err != nil {
		return false
	}
	return graph.SameShape(out, c) || (len(c) < len(in) && graph.SameShape(out, in))
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
