package graph

import (
	"fmt"
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/backing"
)

// Feeds maps input nodes to the values to feed them.
type Feeds map[*Node]*tensor.Dense

// Run copies each fed value into its input's buffer (see Set: a view is read
// in its logical order) and runs the program. Inputs not in feeds keep the
// value they were last given.
func (p *Program) Run(feeds Feeds) error {
	for n, v := range feeds {
		if err := p.Set(n, v); err != nil {
			return err
		}
	}
	return p.Exec()
}

// Set copies v into input n's own buffer. It reads v in its logical order,
// so v may be any view (after T(), or a Slice that skips elements); a plain
// row-major v is copied as one block, without an allocation. It errors when n
// is not an input of the program, when v's shape or dtype differ from n's, or
// when v cannot be read (a masked tensor, or strides that reach outside its
// backing array).
func (p *Program) Set(n *Node, v *tensor.Dense) error {
	if err := p.checkFeed("Set", n, v); err != nil {
		return err
	}
	dst := p.vals[n.id]
	if dst == v {
		p.fed[n.id] = true
		return nil
	}
	if backing.Plain(v) {
		copy(dst.Raw, v.Raw)
	} else if err := backing.Gather(dst.Raw, v); err != nil {
		return errors.Errorf("graph: Set: input %q: value %v", n.name, err)
	}
	p.fed[n.id] = true
	return nil
}

// Bind makes input n read v directly, with no copy, from now on: the caller
// may refill v between runs. It errors like Set, and also when v is not a
// plain row-major tensor (a view after T(), or a Slice that skips elements):
// the program reads a bound tensor's memory in order at every run, which
// would not be v's logical order. Set copies such a view correctly; so does
// RowMajor, whose result can be bound.
func (p *Program) Bind(n *Node, v *tensor.Dense) error {
	if err := p.checkFeed("Bind", n, v); err != nil {
		return err
	}
	if err := backing.Check(v); err != nil {
		return errors.Errorf("graph: Bind: input %q: value %v; a bound value is read in memory order at every run, so bind a plain row-major tensor (such as the copy graph.RowMajor makes) or copy the view in with Set", n.name, err)
	}
	old := p.vals[n.id]
	p.vals[n.id] = v
	for i := range p.steps {
		s := &p.steps[i]
		swapped := false
		for j, a := range s.in {
			if a == old {
				s.in[j], swapped = v, true
			}
		}
		if swapped {
			s.prepare()
		}
	}
	p.fed[n.id] = true
	return nil
}

func (p *Program) checkFeed(verb string, n *Node, v *tensor.Dense) error {
	switch {
	case n == nil:
		return errors.Errorf("graph: %s: nil node", verb)
	case n.g != p.g || n.id >= len(p.vals) || n.kind != KindInput:
		return errors.Errorf("graph: %s: %s is not an input of this program", verb, n)
	case p.vals[n.id] == nil:
		return errors.Errorf("graph: %s: input %q is not needed by this program", verb, n.name)
	case v == nil:
		return errors.Errorf("graph: %s: input %q: nil value", verb, n.name)
	case v.Dtype() != n.dtype:
		return errors.Errorf("graph: %s: input %q wants dtype %v, got %v", verb, n.name, n.dtype, v.Dtype())
	case !SameShape(v.Shape(), n.shape):
		return errors.Errorf("graph: %s: input %q wants shape %s, got %s", verb, n.name, shapeString(n.shape), shapeString(v.Shape()))
	}
	return nil
}

// Exec runs the program on the inputs' current values. It errors when an
// input was never fed, when a kernel fails or panics (the error names the op
// and where its node was built), and, with SetCheck(true), on the first NaN
// or infinity. In training mode (SetTraining) each call that starts running
// steps advances the run counter (Mode.Counter) by one.
func (p *Program) Exec() (err error) {
	for _, n := range p.inputs {
		if !p.fed[n.id] {
			return errors.Errorf("graph: Run: input %q was never fed", n.name)
		}
	}
	m := p.mode
	if m.Training {
		p.mode.Counter++
	}
	i := 0
	defer func() {
		if r := recover(); r != nil {
			err = p.stepError(i, fmt.Errorf("panic: %v", r))
		}
	}()
	for i = range p.steps {
		s := &p.steps[i]
		if s.run != nil {
			s.run()
		} else if s.runMode != nil {
			if e := s.runMode(m); e != nil {
				return p.stepError(i, e)
			}
		} else if e := s.op.Forward(s.dst, s.in); e != nil {
			return p.stepError(i, e)
		}
		if p.check {
			if k, v, bad := nonFinite(s.dst); bad {
				return p.stepError(i, errors.Errorf("produced %v at flat index %d", v, k))
			}
		}
	}
	return nil
}

// RunError is a failure of one op while a program ran.
type RunError struct {
	Node *Node // the node whose op failed
	Err  error
}

// Error formats the error with the op, the node and where it was built.
func (e *RunError) Error() string {
	s := fmt.Sprintf("graph: %s (node %d, shape %s", e.Node.label(), e.Node.id, shapeString(e.Node.shape))
	if site := e.Node.Site(); site != "" {
		s += ", built at " + site
	}
	return s + "): " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *RunError) Unwrap() error { return e.Err }

func (p *Program) stepError(i int, err error) error {
	return &RunError{Node: p.steps[i].node, Err: err}
}

func nonFinite(t *tensor.Dense) (int, float64, bool) {
	switch t.Dtype() {
	case tensor.Float64:
		for k, v := range t.Float64s() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return k, v, true
			}
		}
	case tensor.Float32:
		for k, v := range t.Float32s() {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return k, f, true
			}
		}
	}
	return 0, 0, false
}
