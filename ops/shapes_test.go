package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Pad, Stack and Flatten on small tensors, values written out by hand.
func TestPadStackFlattenValues(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{2, 2}, 1, 2, 3, 4))
	p := ops.Pad(x, 9, [2]int{1, 0}, [2]int{0, 2})
	wantShape(t, p, 3, 4)
	y := g.Param("y", dense64([]int{2, 2}, 5, 6, 7, 8))
	s0, s1, s2 := ops.Stack(0, x, y), ops.Stack(1, x, y), ops.Stack(-1, x, y)
	wantShape(t, s0, 2, 2, 2)
	wantShape(t, s1, 2, 2, 2)
	wantShape(t, s2, 2, 2, 2)
	w := g.Const(dense64([]int{3, 4}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
	dx := autodiff.MustGrad(ops.Sum(ops.Mul(p, w)), x)[0]
	v := eval(t, nil, p, s0, s1, s2, dx)
	near(t, "Pad", v[0], []float64{9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9}, 0)
	near(t, "Stack axis 0", v[1], []float64{1, 2, 3, 4, 5, 6, 7, 8}, 0)
	near(t, "Stack axis 1", v[2], []float64{1, 2, 5, 6, 3, 4, 7, 8}, 0)
	near(t, "Stack axis -1", v[3], []float64{1, 5, 2, 6, 3, 7, 4, 8}, 0)
	near(t, "∂ΣPad·w/∂x", v[4], []float64{5, 6, 9, 10}, 0)

	z := g.Input("z", tensor.Float64, 2, 3, 4, 5)
	wantShape(t, ops.Flatten(z), 2, 60)
	wantShape(t, ops.FlattenFrom(z, 2), 2, 3, 20)
	wantShape(t, ops.FlattenFrom(z, -1), 2, 3, 4, 5)
	wantShape(t, ops.FlattenFrom(z, 0), 120)
	wantShape(t, ops.Flatten(g.Input("b", tensor.Float64, 7)), 7, 1)

	// Int tensors pad with an integer value.
	i := g.Const(ints([]int{2}, 4, 5))
	pi := ops.Pad(i, -1, [2]int{1, 2})
	wantShape(t, pi, 5)
	prog := graph.MustCompile(pi)
	if err := prog.Run(nil); err != nil {
		t.Fatal(err)
	}
	if got := prog.Value(pi).Ints(); len(got) != 5 || got[0] != -1 || got[1] != 4 || got[2] != 5 || got[3] != -1 || got[4] != -1 {
		t.Errorf("Pad of int (4, 5) = %v, want [-1 4 5 -1 -1]", got)
	}
}

func TestPadStackFlattenErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(g *graph.Graph) *graph.Node
		parts []string
	}{
		{"Pad rank", func(g *graph.Graph) *graph.Node {
			return ops.Pad(g.Input("x", tensor.Float64, 2, 3), 0, [2]int{1, 1})
		}, []string{"Pad", "1 widths", "rank 2"}},
		{"Pad negative", func(g *graph.Graph) *graph.Node {
			return ops.Pad(g.Input("x", tensor.Float64, 2, 3), 0, [2]int{1, 1}, [2]int{0, -1})
		}, []string{"Pad", "negative width", "axis 1"}},
		{"Pad overflow", func(g *graph.Graph) *graph.Node {
			return ops.Pad(g.Input("x", tensor.Float64, 2, 3), 0, [2]int{1 << 62, 1 << 62}, [2]int{0, 0})
		}, []string{"Pad", "axis 0", "overflows"}},
		{"Pad int value", func(g *graph.Graph) *graph.Node {
			return ops.Pad(g.Input("x", tensor.Int, 2), 0.5, [2]int{1, 1})
		}, []string{"Pad", "0.5", "not an integer"}},
		{"Stack shapes", func(g *graph.Graph) *graph.Node {
			return ops.Stack(0, g.Input("x", tensor.Float64, 2, 3), g.Input("y", tensor.Float64, 3, 2))
		}, []string{"Stack", "operand 1", "(3, 2)", "(2, 3)"}},
		{"Stack axis", func(g *graph.Graph) *graph.Node {
			return ops.Stack(3, g.Input("x", tensor.Float64, 2, 3))
		}, []string{"Stack", "axis 3"}},
		{"Flatten scalar", func(g *graph.Graph) *graph.Node {
			return ops.Flatten(g.Input("x", tensor.Float64))
		}, []string{"Flatten", "scalar"}},
		{"FlattenFrom axis", func(g *graph.Graph) *graph.Node {
			return ops.FlattenFrom(g.Input("x", tensor.Float64, 2, 3), 2)
		}, []string{"FlattenFrom", "axis 2", "(2, 3)"}},
	}
	for _, c := range cases {
		g := graph.New()
		wantBuildError(t, g, c.build(g), c.parts...)
	}
	if n := ops.Stack(0); !n.Bad() {
		t.Error("Stack() is not bad")
	}
	for _, n := range []*graph.Node{ops.Pad(nil, 0), ops.Stack(0, nil), ops.Flatten(nil), ops.FlattenFrom(nil, 0)} {
		if !n.Bad() {
			t.Errorf("%v of nil is not bad", n)
		}
	}
}

// Pad, Stack and Flatten run forward and backward without allocating.
func TestPadStackRunWithoutAllocating(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Input("x", dt, 2, 1, 4, 4)
		w := g.Param("w", tensor.New(tensor.WithShape(4), tensor.Of(dt)))
		h := ops.Mul(x, w)
		p := ops.Pad(h, 0, [2]int{}, [2]int{}, [2]int{1, 1}, [2]int{2, 0})
		s := ops.Stack(1, ops.Flatten(p), ops.Flatten(ops.Square(p)))
		loss := ops.Sum(ops.Square(s))
		dw := autodiff.MustGrad(loss, w)[0]
		prog := graph.MustCompile(loss, dw)
		if err := prog.Run(graph.Feeds{x: tensor.New(tensor.WithShape(2, 1, 4, 4), tensor.Of(dt))}); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = prog.Exec() }); n != 0 {
			t.Errorf("%v: Exec allocates %v times per run, want 0", dt, n)
		}
	}
}
