package graph_test

import (
	"errors"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A zero-value Graph works like New(): every exported method, and a whole
// build, compile and run.
func TestZeroValueGraph(t *testing.T) {
	var g graph.Graph
	if g.Dtype() != tensor.Float64 || g.Err() != nil || g.Len() != 0 || len(g.Nodes()) != 0 || g.ByName("x") != nil {
		t.Fatalf("empty zero graph: dtype %v, err %v, len %d, nodes %v", g.Dtype(), g.Err(), g.Len(), g.Nodes())
	}
	if g.String() != "" {
		t.Errorf("String of an empty graph = %q", g.String())
	}
	x := g.Input("x", tensor.Float64, 2)
	w := g.Param("w", vec(3, 4))
	c := g.Const(vec(10, 20))
	s := g.Scalar(0.5)
	s32 := g.ScalarOf(tensor.Float32, 1)
	f := g.Full(tensor.Float64, 2, 2)
	if x.Bad() || w.Bad() || c.Bad() || s.Bad() || s32.Bad() || f.Bad() || g.Err() != nil {
		t.Fatalf("building on a zero graph: %v", g.Err())
	}
	if s.Dtype() != tensor.Float64 || s32.Dtype() != tensor.Float32 {
		t.Errorf("Scalar dtype %v, ScalarOf dtype %v", s.Dtype(), s32.Dtype())
	}
	if g.ByName("x") != x || g.ByName("w") != w || g.Len() != 6 || len(g.Nodes()) != 6 {
		t.Errorf("ByName/Len/Nodes after building: %v %v %d", g.ByName("x"), g.ByName("w"), g.Len())
	}
	// y = s·Σ(x·w + c·f) = 0.5·((1·3 + 10·2) + (2·4 + 20·2)) = 35.5
	y := ops.Mul(s, ops.Sum(ops.Add(ops.Mul(x, w), ops.Mul(c, f))))
	p, err := graph.Compile(y)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(graph.Feeds{x: vec(1, 2)}); err != nil {
		t.Fatal(err)
	}
	if got := p.Value(y).Float64s()[0]; got != 35.5 {
		t.Errorf("y = %v, want 35.5", got)
	}
	var text, dot strings.Builder
	if err := g.WriteText(&text); err != nil || !strings.Contains(text.String(), "x input  (2) float64") || text.String() != g.String() {
		t.Errorf("WriteText: %v\n%s", err, text.String())
	}
	if err := g.WriteDOT(&dot); err != nil || !strings.Contains(dot.String(), "digraph") {
		t.Errorf("WriteDOT: %v\n%s", err, dot.String())
	}
	if g.Input("x", tensor.Float64, 2); g.Err() == nil || !strings.Contains(g.Err().Error(), `"x" is used twice`) {
		t.Errorf("duplicate name on a zero graph: %v", g.Err())
	}
}

// The zero value records errors like New(): Fail, a bad leaf, and the
// package-level Fail on its nodes.
func TestZeroValueGraphErrors(t *testing.T) {
	var g graph.Graph
	want := errors.New("boom")
	if n := g.Fail("Mine", want); !n.Bad() || !errors.Is(g.Err(), want) {
		t.Errorf("Fail: bad=%v err=%v", n.Bad(), g.Err())
	}
	var h graph.Graph
	if n := h.Param("w", nil); !n.Bad() || h.Err() == nil || !strings.Contains(h.Err().Error(), "nil value") {
		t.Errorf("nil param: %v", h.Err())
	}
	var k graph.Graph
	a := k.Input("a", tensor.Float64, 2)
	if n := graph.Fail("Mine", want, a); !n.Bad() || n.Graph() != &k || !errors.Is(k.Err(), want) {
		t.Errorf("package Fail: bad=%v err=%v", n.Bad(), k.Err())
	}
	var l graph.Graph
	if n := l.Full(tensor.Int, 1, 2); !n.Bad() || l.Err() == nil {
		t.Errorf("Full of ints: %v", l.Err())
	}
}
