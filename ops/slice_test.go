package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// seq returns the const [2, 3, 2] with x[b, t, f] = 100b + 10t + f, a batch
// of two sequences of three steps of two features.
func seq(g *graph.Graph) *graph.Node {
	v := make([]float64, 12)
	for i := range v {
		v[i] = float64(100*(i/6) + 10*(i/2%3) + i%2)
	}
	return g.Const(dense64([]int{2, 3, 2}, v...))
}

func TestSliceTimeStep(t *testing.T) {
	g := graph.New()
	x := seq(g)
	x1 := ops.Slice(x, 1, 1, 2)
	wantShape(t, x1, 2, 1, 2)
	tail := ops.Slice(x, -2, 1, 3)
	wantShape(t, tail, 2, 2, 2)
	first := ops.Slice(x, 0, 0, 1)
	feat := ops.Slice(x, 2, 1, 2)
	got := eval(t, nil, ops.Reshape(x1, 2, 2), tail, first, feat)
	near(t, "x[:, 1, :]", got[0], []float64{10, 11, 110, 111}, 0)
	near(t, "x[:, 1:3, :]", got[1], []float64{10, 11, 20, 21, 110, 111, 120, 121}, 0)
	near(t, "x[0:1]", got[2], []float64{0, 1, 10, 11, 20, 21}, 0)
	near(t, "x[..., 1:2]", got[3], []float64{1, 11, 21, 101, 111, 121}, 0)
}

// The gradient of Σ w ⊙ x[:, 1:3, :] is w padded with zeros at step 0.
func TestSliceGradientPads(t *testing.T) {
	g := graph.New()
	x := g.Param("x", tensor.New(tensor.WithShape(2, 3, 2), tensor.Of(tensor.Float64)))
	w := g.Const(dense64([]int{2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8))
	d := autodiff.MustGrad(ops.Sum(ops.Mul(ops.Slice(x, 1, 1, 3), w)), x)[0]
	near(t, "dx", eval(t, nil, d)[0], []float64{0, 0, 1, 2, 3, 4, 0, 0, 5, 6, 7, 8}, 0)
}

func TestSliceOutOfRange(t *testing.T) {
	for _, c := range []struct{ axis, start, end int }{{1, 2, 4}, {1, -1, 1}, {1, 2, 2}, {3, 0, 1}} {
		g := graph.New()
		x := g.Input("x", tensor.Float64, 2, 3, 2)
		wantBuildError(t, g, ops.Slice(x, c.axis, c.start, c.end), "Slice", "(2, 3, 2)")
	}
}

func TestSliceInt(t *testing.T) {
	g := graph.New()
	y := ops.Slice(g.Const(ints([]int{2, 3}, 1, 2, 3, 4, 5, 6)), 1, 1, 3)
	p := graph.MustCompile(y)
	if err := p.Run(nil); err != nil {
		t.Fatal(err)
	}
	if got := p.Value(y).Ints(); len(got) != 4 || got[0] != 2 || got[3] != 6 {
		t.Errorf("int slice = %v, want [2 3 5 6]", got)
	}
}

// Concatenating the three steps of seq back along axis 1 gives seq again;
// along axis 0 the batches are stacked; along the last axis the features.
func TestConcat(t *testing.T) {
	g := graph.New()
	x := seq(g)
	steps := []*graph.Node{ops.Slice(x, 1, 0, 1), ops.Slice(x, 1, 1, 2), ops.Slice(x, 1, 2, 3)}
	back := ops.Concat(1, steps...)
	wantShape(t, back, 2, 3, 2)
	rows := ops.Concat(0, g.Const(dense64([]int{1, 2}, 1, 2)), g.Const(dense64([]int{2, 2}, 3, 4, 5, 6)))
	wantShape(t, rows, 3, 2)
	cols := ops.Concat(-1, g.Const(dense64([]int{2, 1}, 1, 2)), g.Const(dense64([]int{2, 2}, 3, 4, 5, 6)))
	wantShape(t, cols, 2, 3)
	got := eval(t, nil, x, back, rows, cols)
	near(t, "concat of steps", got[1], got[0], 0)
	near(t, "rows", got[2], []float64{1, 2, 3, 4, 5, 6}, 0)
	near(t, "columns", got[3], []float64{1, 3, 4, 2, 5, 6}, 0)
}

// The adjoint of each operand is its own slice of dy.
func TestConcatGradient(t *testing.T) {
	g := graph.New()
	a := g.Param("a", tensor.New(tensor.WithShape(2, 1), tensor.Of(tensor.Float64)))
	b := g.Param("b", tensor.New(tensor.WithShape(2, 2), tensor.Of(tensor.Float64)))
	w := g.Const(dense64([]int{2, 3}, 1, 2, 3, 4, 5, 6))
	d := autodiff.MustGrad(ops.Sum(ops.Mul(ops.Concat(1, a, b), w)), a, b)
	got := eval(t, nil, d...)
	near(t, "da", got[0], []float64{1, 4}, 0)
	near(t, "db", got[1], []float64{2, 3, 5, 6}, 0)
}

func TestConcatMismatch(t *testing.T) {
	g := graph.New()
	a := g.Input("a", tensor.Float64, 2, 3)
	b := g.Input("b", tensor.Float64, 3, 3)
	wantBuildError(t, g, ops.Concat(1, a, b), "Concat", "(2, 3)", "(3, 3)")

	g = graph.New()
	a = g.Input("a", tensor.Float64, 2, 3)
	b = g.Input("b", tensor.Float32, 2, 3)
	wantBuildError(t, g, ops.Concat(0, a, b), "Concat", "dtype")

	if n := ops.Concat(0); !n.Bad() {
		t.Error("Concat of nothing is not bad")
	}
}
