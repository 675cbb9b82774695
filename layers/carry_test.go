package layers_test

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// TestCarry checks the carried states of a build: none unless SetCarry,
// inputs named in the scope's tree otherwise, finals registered by
// CarryOut, and the errors of a final of another shape, an init of no
// CarryIn, a bad name and a missing CarryOut.
func TestCarry(t *testing.T) {
	st := newStore(t, tensor.Float64)
	g := graph.New()
	s := layers.NewScope(g, st, true)
	if s.Carrying() || s.CarryIn("h", 2, 3) != nil {
		t.Fatal("a build that does not carry state gave a carried input")
	}
	s.CarryOut(nil, nil) // a no-op, as a layer calls it unconditionally
	s.SetCarry(true)
	h := s.In("lstm").CarryIn("h", 2, 3)
	if h == nil || h.Kind() != graph.KindInput || h.Name() != "carry:lstm.h" || !h.Shape().Eq(tensor.Shape{2, 3}) {
		t.Fatalf("carried input %v", h)
	}
	if _, err := s.Carries(); err == nil || !strings.Contains(err.Error(), `"lstm.h" has no final`) {
		t.Errorf("no CarryOut: error %v", err)
	}
	final := ops.Tanh(h)
	s.CarryOut(h, final)
	cs, err := s.Carries()
	if err != nil || len(cs) != 1 || cs[0].Init != h || cs[0].Final != final || cs[0].Name != "lstm.h" {
		t.Fatalf("Carries() = %v, %v", cs, err)
	}
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		build func(g *graph.Graph, s *layers.Scope)
		want  string
	}{
		{"final of another shape", func(g *graph.Graph, s *layers.Scope) {
			h := s.CarryIn("h", 2, 3)
			s.CarryOut(h, ops.Slice(h, 1, 0, 2))
		}, "final state of \"h\""},
		{"init of no CarryIn", func(g *graph.Graph, s *layers.Scope) {
			x := g.Input("x", tensor.Float64, 2, 3)
			s.CarryOut(x, x)
		}, "is not a carried state"},
		{"bad name", func(g *graph.Graph, s *layers.Scope) { s.CarryIn("a.b", 2, 3) }, "bad name"},
	} {
		g := graph.New()
		s := layers.NewScope(g, newStore(t, tensor.Float64), true)
		s.SetCarry(true)
		c.build(g, s)
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}
