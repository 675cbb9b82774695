package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// x = [[1, 5, 3], [7, 2, 7]]: row maxima 5 and 7, column maxima 7, 5, 7.
func TestMax(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{2, 3}, 1, 5, 3, 7, 2, 7))
	rows, cols := ops.Max(x, 1), ops.Max(x, -2)
	wantShape(t, rows, 2)
	wantShape(t, cols, 3)
	all := ops.Max(ops.Reshape(x, 6), 0)
	wantShape(t, all)
	got := eval(t, nil, rows, cols, all)
	near(t, "row max", got[0], []float64{5, 7}, 0)
	near(t, "column max", got[1], []float64{7, 5, 7}, 0)
	near(t, "max", got[2], []float64{7}, 0)
}

// The gradient of Σ w ⊙ max(x, axis 1) is w routed to each row's first
// argmax: row 1 holds 7 twice, and only the first 7 gets it.
func TestMaxGradientFirstArgmax(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{2, 3}, 1, 5, 3, 7, 2, 7))
	w := g.Const(dense64([]int{2}, 10, 20))
	d := autodiff.MustGrad(ops.Sum(ops.Mul(ops.Max(x, 1), w)), x)[0]
	near(t, "dx", eval(t, nil, d)[0], []float64{0, 10, 0, 20, 0, 0}, 0)
}

// Along axis 0 of a [2, 2, 2] tensor the gradient goes to whichever of the
// two slices holds the larger element.
func TestMaxGradient3D(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{2, 2, 2}, 1, 8, 3, 4, 5, 6, 2, 9))
	d := autodiff.MustGrad(ops.Sum(ops.Max(x, 0)), x)[0]
	near(t, "dx", eval(t, nil, d)[0], []float64{0, 1, 1, 0, 1, 0, 0, 1}, 0)
}

func TestMaxFloat32(t *testing.T) {
	g := graph.New()
	x := g.Const(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float32{-1, -3, 2, 0.5})))
	near(t, "max", eval(t, nil, ops.Max(x, 1))[0], []float64{-1, 2}, 0)
}
