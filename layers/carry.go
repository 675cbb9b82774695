package layers

import (
	"strings"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
)

// Carry is a recurrent layer's state carried from one run of a program to
// the next (truncated back-propagation through time, PyTorch's h passed
// from batch to batch after detach()): Init is a graph input holding the
// state before the first step, Final the state after the last. Whoever
// runs the program copies Final's value into Init's buffer between runs;
// no gradient flows through Init (it is an input, not a param).
type Carry struct {
	Name  string      // the state's full name in the name tree ("h", "block.c")
	Init  *graph.Node // input [B, …], the state at the first step
	Final *graph.Node // the state after the last step, of Init's shape
}

// SetCarry makes this build carry the recurrent layers' state from run to
// run (CarryIn gives them inputs) or, with false, start every run from the
// zero state, the default. Call it on the root scope before building.
func (s *Scope) SetCarry(on bool) { s.b.carry = on }

// Carrying reports whether the build carries recurrent state (SetCarry).
func (s *Scope) Carrying() bool { return s.b.carry }

// CarryIn returns the input node of the carried state name, of shape dims
// (batch first), in a build that carries state, and nil otherwise: a
// recurrent layer starts from CarryIn's node, nil meaning zeros, and hands
// its last state to CarryOut. A bad name records an error on the graph and
// gives a bad node.
func (s *Scope) CarryIn(name string, dims ...int) *graph.Node {
	if !s.b.carry {
		return nil
	}
	full := s.join(name)
	if strings.Contains(full, "\x00") {
		return s.fail(2, "layers.CarryIn", errors.Errorf("layers: bad name %q in scope %q: names are non-empty and hold no '.'", name, s.path))
	}
	n := s.b.g.Input("carry:"+full, s.Dtype(), dims...)
	if !n.Bad() {
		s.b.carries = append(s.b.carries, Carry{Name: full, Init: n})
	}
	return n
}

// CarryOut registers final as the value of the carried state whose input
// is init (CarryIn's node) after the run. With a nil init (a build that
// does not carry state) it does nothing. A final of another shape or
// dtype, or an init that CarryIn did not make in this build, records an
// error on the graph.
func (s *Scope) CarryOut(init, final *graph.Node) {
	if init == nil || init.Bad() || (final != nil && final.Bad()) {
		return
	}
	for i := range s.b.carries {
		c := &s.b.carries[i]
		if c.Init != init {
			continue
		}
		if final == nil || !final.Shape().Eq(init.Shape()) || final.Dtype() != init.Dtype() {
			s.fail(2, "layers.CarryOut", errors.Errorf("layers: CarryOut: final state of %q is %v, want %v %v", c.Name, final, init.Dtype(), init.Shape()), init)
			return
		}
		c.Final = final
		return
	}
	s.fail(2, "layers.CarryOut", errors.Errorf("layers: CarryOut: %s is not a carried state of this build", init), init)
}

// Carries returns the carried states registered in this build, in order;
// every one has its Final once the layers have been built (Carries
// returns an error for one that has none).
func (s *Scope) Carries() ([]Carry, error) {
	for _, c := range s.b.carries {
		if c.Final == nil {
			return nil, errors.Errorf("layers: carried state %q has no final value (CarryOut was not called)", c.Name)
		}
	}
	return s.b.carries, nil
}
