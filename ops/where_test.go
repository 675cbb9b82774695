package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// cond [2, 1] = [[1], [0]] picks row 0 from a [3] and row 1 from the scalar b.
func TestWhereBroadcast(t *testing.T) {
	g := graph.New()
	cond := g.Const(dense64([]int{2, 1}, 1, 0))
	a := g.Const(dense64([]int{3}, 1, 2, 3))
	y := ops.Where(cond, a, g.Scalar(-1))
	wantShape(t, y, 2, 3)
	near(t, "where", eval(t, nil, y)[0], []float64{1, 2, 3, -1, -1, -1}, 0)
}

// ReLU(x) = Where(x > 0, x, 0); its gradient flows to x only where x > 0,
// and to the zero branch elsewhere.
func TestWhereAsReLU(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{4}, -2, 3, 0.5, -0.1))
	b := g.Param("b", dense64([]int{1}, 0))
	y := ops.Where(ops.Greater(x, g.Scalar(0)), x, b)
	d := autodiff.MustGrad(ops.Sum(ops.Mul(y, g.Const(dense64([]int{4}, 1, 2, 3, 4)))), x, b)
	got := eval(t, nil, y, d[0], d[1])
	near(t, "y", got[0], []float64{0, 3, 0.5, 0}, 0)
	near(t, "dx", got[1], []float64{0, 2, 3, 0}, 0)
	near(t, "db", got[2], []float64{1 + 4}, 0)
}

func TestWhereBadShapes(t *testing.T) {
	g := graph.New()
	c := g.Input("c", tensor.Float64, 2, 3)
	a := g.Input("a", tensor.Float64, 3)
	b := g.Input("b", tensor.Float64, 4)
	wantBuildError(t, g, ops.Where(c, a, b), "Where", "(2, 3)", "(4)")
}
