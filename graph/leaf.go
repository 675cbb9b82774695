package graph

import (
	"strconv"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/backing"
)

// Input adds a node whose value is fed at run time, of the given dtype and
// shape (no dimensions for a scalar). A bad dtype, a dimension below 1 or a
// shape too large for memory (see CheckSize) gives a bad node and records
// the error.
func (g *Graph) Input(name string, dt tensor.Dtype, shape ...int) *Node {
	where := "Input " + name
	if err := firstErr(checkDtype(where, dt), checkShape(where, shape), CheckSize(where, shape, dt), g.claim(name)); err != nil {
		return g.Fail("Input", err)
	}
	n := &Node{kind: KindInput, name: name, shape: tensor.Shape(append([]int{}, shape...)), dtype: dt}
	n.pc = caller()
	g.addNamed(n)
	return n
}

// Param adds a trainable node that holds v. The graph keeps v itself, not a
// copy: programs read it and solvers update it in place, and two graphs may
// share a param's value. A nil v, a non-float dtype or a duplicate name gives
// a bad node and records the error.
//
// Because v is read and updated in place, in memory order, it must be a plain
// row-major tensor: Param refuses a view whose elements are not in that order
// in memory (after T(), or a Slice that skips elements), naming the param and
// saying why, rather than copy it and leave the caller's tensor untouched by
// training. Pass a copy in logical order (RowMajor(v)) instead. A view that
// is contiguous, such as a slice of whole rows, is kept like any tensor, and
// updates reach the tensor it views.
func (g *Graph) Param(name string, v *tensor.Dense) *Node {
	if v == nil {
		return g.Fail("Param", errors.Errorf("param %q has a nil value", name))
	}
	if dt := v.Dtype(); dt != tensor.Float64 && dt != tensor.Float32 {
		return g.Fail("Param", errors.Errorf("param %q has dtype %v, want float64 or float32", name, dt))
	}
	if err := backing.Check(v); err != nil {
		return g.Fail("Param", errors.Errorf("param %q: value %v; a param's value is read and updated in place in memory order, so it must be a plain row-major tensor (pass the copy graph.RowMajor makes)", name, err))
	}
	if err := g.claim(name); err != nil {
		return g.Fail("Param", err)
	}
	n := &Node{kind: KindParam, name: name, shape: v.Shape().Clone(), dtype: v.Dtype(), value: v}
	n.pc = caller()
	g.addNamed(n)
	return n
}

// Const adds a node holding v, which must not change afterwards. The graph
// keeps v itself, except when v is a view whose elements are not in row-major
// order in memory (after T(), or a Slice that skips elements): Const then
// holds a copy of v's elements in their logical order, made at this call, so
// that later changes to what v views do not reach the graph either. A nil v,
// an unsupported dtype or a masked v gives a bad node and records the error.
func (g *Graph) Const(v *tensor.Dense) *Node {
	if v == nil {
		return g.Fail("Const", errors.New("nil value"))
	}
	if err := checkDtype("Const", v.Dtype()); err != nil {
		return g.Fail("Const", err)
	}
	v, err := rowMajor(v)
	if err != nil {
		return g.Fail("Const", errors.Errorf("value %v", err))
	}
	n := &Node{kind: KindConst, name: "const", shape: v.Shape().Clone(), dtype: v.Dtype(), value: v}
	n.pc = caller()
	return g.add(n)
}

// Scalar adds a scalar constant of the graph's dtype (see WithDtype).
func (g *Graph) Scalar(v float64) *Node { return g.ScalarOf(g.Dtype(), v) }

// ScalarOf adds a scalar constant of dtype dt (float64 or float32).
func (g *Graph) ScalarOf(dt tensor.Dtype, v float64) *Node {
	return g.Full(dt, v)
}

// Full adds a constant of dtype dt (float64 or float32) and the given shape
// with every element equal to v. A shape too large for memory (see
// CheckSize) gives a bad node, like a dimension below 1 or another dtype.
func (g *Graph) Full(dt tensor.Dtype, v float64, shape ...int) *Node {
	if err := firstErr(checkShape("Full", shape), CheckSize("Full", shape, dt)); err != nil {
		return g.Fail("Full", err)
	}
	t := tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
	switch dt {
	case tensor.Float64:
		fill(t.Float64s(), v)
	case tensor.Float32:
		fill(t.Float32s(), float32(v))
	default:
		return g.Fail("Full", errors.Errorf("dtype %v, want float64 or float32", dt))
	}
	n := g.Const(t)
	if !n.bad {
		n.name = formatScalar(v)
	}
	return n
}

func fill[T float32 | float64](s []T, v T) {
	for i := range s {
		s[i] = v
	}
}

// addNamed adds a named leaf and records its name, making the name index
// of a zero-value Graph on first use.
func (g *Graph) addNamed(n *Node) {
	if g.names == nil {
		g.names = map[string]*Node{}
	}
	g.names[n.name] = g.add(n)
}

func (g *Graph) claim(name string) error {
	if name == "" {
		return errors.New("empty name")
	}
	if _, dup := g.names[name]; dup {
		return errors.Errorf("name %q is used twice", name)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func formatScalar(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
