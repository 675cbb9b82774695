package graph_test

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// ValueOf returns what Value returns for a node the program holds, and for
// one it does not an error naming the node and saying why, where Value
// returns nil.
func TestValueOfSaysWhyANodeIsNotHeld(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 1, 2)
	W := g.Param("W", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4})))
	z := ops.MatMul(x, W)
	h := ops.Square(z) // intermediate: fused or shared away under Fast
	o := ops.Sum(ops.Sigmoid(h))
	unused := ops.Exp(x) // needed by no output
	plain := graph.MustCompile(o)
	fast, err := graph.CompileWith(graph.Fast, o)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := graph.CompileWith(graph.CompileOptions{Share: true}, o)
	if err != nil {
		t.Fatal(err)
	}
	late := ops.Neg(o) // added after Compile
	other := graph.New().Input("x", tensor.Float64, 2)
	orphan := ops.Add(nil, nil)
	feeds := graph.Feeds{x: tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, 0}))}
	for _, p := range []*graph.Program{plain, fast, shared} {
		if err := p.Run(feeds); err != nil {
			t.Fatal(err)
		}
	}

	// held: x·W = [1 2]
	for _, c := range []struct {
		p *graph.Program
		n *graph.Node
	}{{plain, z}, {plain, h}, {plain, x}, {plain, W}, {fast, o}, {fast, x}, {fast, W}} {
		v, err := c.p.ValueOf(c.n)
		if err != nil || v == nil || v != c.p.Value(c.n) {
			t.Errorf("ValueOf(%s) = %v, %v; want Value's %v", c.n, v, err, c.p.Value(c.n))
		}
	}
	if v, _ := plain.ValueOf(z); v.Float64s()[0] != 1 || v.Float64s()[1] != 2 {
		t.Errorf("x·W = %v, want [1 2]", v.Float64s())
	}

	for _, c := range []struct {
		name string
		p    *graph.Program
		n    *graph.Node
		want []string
	}{
		{"nil", plain, nil, []string{"nil node"}},
		{"no graph", plain, orphan, []string{"Add", "belongs to no graph"}},
		{"other graph", plain, other, []string{other.String(), "another graph"}},
		{"after Compile", plain, late, []string{late.String(), "added to the graph after"}},
		{"not needed", plain, unused, []string{unused.String(), "not part of the program"}},
		{"fused or shared", fast, h, []string{h.String(), "not kept readable", "Fuse", "Share"}},
		{"shared", shared, z, []string{z.String(), "not kept readable"}},
	} {
		if c.n != nil && c.p.Value(c.n) != nil {
			t.Errorf("%s: Value(%s) is not nil: the case tests nothing", c.name, c.n)
		}
		v, err := c.p.ValueOf(c.n)
		if v != nil || err == nil {
			t.Errorf("%s: ValueOf = %v, %v; want an error", c.name, v, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}
