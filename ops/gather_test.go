package ops_test

import (
	"errors"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// An embedding lookup by hand: table rows 10·v + (0, 1), picked by a [2, 3]
// batch of indices with repeats; the table's gradient under the loss
// Σ w ⊙ y sums w's rows of every place a row was picked.
func TestGatherEmbeddingByHand(t *testing.T) {
	g := graph.New()
	table := g.Param("E", dense64([]int{4, 2}, 0, 1, 10, 11, 20, 21, 30, 31))
	idx := g.Input("i", tensor.Int, 2, 3)
	y := ops.Gather(table, idx)
	wantShape(t, y, 2, 3, 2)
	w := g.Const(dense64([]int{2, 3, 2}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
	dE := autodiff.MustGrad(ops.Sum(ops.Mul(y, w)), table)[0]
	got := eval(t, graph.Feeds{idx: ints([]int{2, 3}, 3, 0, 3, 1, 3, 0)}, y, dE)
	near(t, "y", got[0], []float64{30, 31, 0, 1, 30, 31, 10, 11, 30, 31, 0, 1}, 0)
	// Row 0 picked at places 1 and 5, row 1 at 3, row 2 never, row 3 at 0, 2, 4.
	near(t, "dE", got[1], []float64{3 + 11, 4 + 12, 7, 8, 0, 0, 1 + 5 + 9, 2 + 6 + 10}, 0)
}

// Any-rank tables gather along axis 0; a scalar index drops the axis.
func TestGatherRanks(t *testing.T) {
	g := graph.New()
	table := g.Const(dense64([]int{3, 2, 2}, 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23))
	a := ops.Gather(table, g.Const(ints([]int{2}, 2, 0)))
	b := ops.Gather(table, g.Const(ints(nil, 1)))
	wantShape(t, a, 2, 2, 2)
	wantShape(t, b, 2, 2)
	got := eval(t, nil, a, b)
	near(t, "a", got[0], []float64{20, 21, 22, 23, 0, 1, 2, 3}, 0)
	near(t, "b", got[1], []float64{10, 11, 12, 13}, 0)
}

// ScatterAdd by hand, and in float32.
func TestScatterAddByHand(t *testing.T) {
	g := graph.New(graph.WithDtype(tensor.Float32))
	src := g.Const(tensor.New(tensor.WithShape(2, 2, 1), tensor.WithBacking([]float32{1, 2, 4, 8})))
	y := ops.ScatterAdd(src, g.Const(ints([]int{2, 2}, 2, 0, 2, 2)), 3)
	wantShape(t, y, 3, 1)
	near(t, "y", eval(t, nil, y)[0], []float64{2, 0, 1 + 4 + 8}, 0)
}

// An index out of range is a run error naming the node, the index and its
// position; the next run with good indices works.
func TestGatherIndexOutOfRange(t *testing.T) {
	g := graph.New()
	table := g.Param("E", dense64([]int{4, 2}, make([]float64, 8)...))
	idx := g.Input("i", tensor.Int, 2, 3)
	y := ops.Gather(table, idx)
	s := ops.ScatterAdd(y, idx, 4)
	p := graph.MustCompile(y, s)
	for _, c := range []struct {
		idx  []int
		want []string
	}{
		{[]int{0, 1, 2, 3, 4, 0}, []string{"Gather", "index 4 at position [1 1]", "outside 0 … 3", "gather_test.go:"}},
		{[]int{0, 1, 2, -1, 0, 0}, []string{"Gather", "index -1 at position [1 0]"}},
	} {
		err := p.Run(graph.Feeds{idx: ints([]int{2, 3}, c.idx...)})
		var re *graph.RunError
		if !errors.As(err, &re) || re.Node != y {
			t.Fatalf("indices %v: error %v, want a RunError naming the Gather node", c.idx, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not contain %q", err, w)
			}
		}
	}
	if err := p.Run(graph.Feeds{idx: ints([]int{2, 3}, 0, 1, 2, 3, 3, 0)}); err != nil {
		t.Fatal(err)
	}
	// ScatterAdd checks its own indices.
	g2 := graph.New()
	sa := ops.ScatterAdd(g2.Const(dense64([]int{2, 1}, 1, 2)), g2.Const(ints([]int{2}, 0, 5)), 3)
	err := graph.MustCompile(sa).Run(nil)
	if err == nil || !strings.Contains(err.Error(), "ScatterAdd") || !strings.Contains(err.Error(), "index 5 at position [1]") {
		t.Errorf("ScatterAdd out of range: error %v", err)
	}
}

func TestGatherBuildErrors(t *testing.T) {
	g := graph.New()
	table := g.Input("E", tensor.Float64, 4, 2)
	fi := g.Input("f", tensor.Float64, 3)
	wantBuildError(t, g, ops.Gather(table, fi), "Gather", "indices have dtype float64, want int")
	g = graph.New()
	wantBuildError(t, g, ops.Gather(g.Input("E", tensor.Int, 4, 2), g.Input("i", tensor.Int, 3)), "Gather", "table: dtype int")
	g = graph.New()
	wantBuildError(t, g, ops.Gather(g.Input("E", tensor.Float64), g.Input("i", tensor.Int, 3)), "Gather", "table is a scalar")
	g = graph.New()
	src := g.Input("s", tensor.Float64, 3, 2)
	wantBuildError(t, g, ops.ScatterAdd(src, g.Input("i", tensor.Int, 2), 4), "ScatterAdd", "does not start with the indices' shape")
	g = graph.New()
	wantBuildError(t, g, ops.ScatterAdd(g.Input("s", tensor.Float64, 3, 2), g.Input("i", tensor.Int, 3), 0), "ScatterAdd", "0 rows")
}

// An embedding step (lookup, loss, the table's gradient) allocates nothing.
func TestGatherRunsWithoutAllocating(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		table := g.Param("E", tensor.New(tensor.WithShape(50, 8), tensor.Of(dt)))
		idx := g.Input("i", tensor.Int, 4, 6)
		y := ops.Gather(table, idx)
		dE := autodiff.MustGrad(ops.Sum(ops.Square(y)), table)[0]
		p := graph.MustCompile(dE)
		v := make([]int, 24)
		for i := range v {
			v[i] = (i * 7) % 50
		}
		if err := p.Run(graph.Feeds{idx: ints([]int{4, 6}, v...)}); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
			t.Errorf("%v: Exec allocates %v times per run, want 0", dt, n)
		}
	}
}
