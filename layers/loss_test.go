package layers_test

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
)

// MaskedMSE by hand: y = [[1 2] [3 4]], t = [[1.5 9] [3 9]], mask = [[1 0]
// [1 0]]: (0.5² + 0²)/2 = 0.125 and ∂/∂y = −2·mask·(t − y)/2 = [[−0.5 0] [0 0]];
// an empty mask gives 0.
func TestMaskedMSE(t *testing.T) {
	for _, c := range []struct {
		mask []float64
		loss float64
		grad []float64
	}{
		{[]float64{1, 0, 1, 0}, 0.125, []float64{-0.5, 0, 0, 0}},
		{[]float64{0, 0, 0, 0}, 0, []float64{0, 0, 0, 0}},
	} {
		g := graph.New()
		y := g.Param("y", dense(tensor.Float64, []float64{1, 2, 3, 4}, 2, 2))
		l := layers.MaskedMSE(y, g.Const(dense(tensor.Float64, []float64{1.5, 9, 3, 9}, 2, 2)), g.Const(dense(tensor.Float64, c.mask, 2, 2)))
		dy, err := autodiff.Grad(l, y)
		if err != nil {
			t.Fatal(err)
		}
		p, err := graph.Compile(l, dy[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Run(nil); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(l).Float64s()[0]; got != c.loss {
			t.Errorf("mask %v: loss %v, want %v", c.mask, got, c.loss)
		}
		near(t, "dy", p.Value(dy[0]).Float64s(), c.grad, 1e-15)
	}
}

func TestMaskedTrainer(t *testing.T) {
	m, err := layers.NewModel(&layers.Linear{Out: 2}, layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 3}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := m.MaskedTrainer(4, layers.MaskedMSE)
	if err != nil {
		t.Fatal(err)
	}
	x := dense(tensor.Float32, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1}, 4, 3)
	tg := dense(tensor.Float32, []float64{1, 2, 3, 4, 5, 6, 7, 8}, 4, 2)
	mask := dense(tensor.Float32, []float64{1, 1, 1, 0, 1, 0, 1, 1}, 4, 2)
	opt := &recorder{}
	if _, err := tr.StepMasked(x, tg, mask, opt); err != nil || opt.n != 1 {
		t.Fatalf("%v, %d steps", err, opt.n)
	}
	if _, err := tr.Compute(x, tg); err == nil || !strings.Contains(err.Error(), "use ComputeMasked") {
		t.Fatalf("Compute on a masked trainer: %v", err)
	}
	if _, err := tr.ComputeMasked(x, tg, nil); err == nil || !strings.Contains(err.Error(), "mask is nil") {
		t.Fatalf("nil mask: %v", err)
	}
	if a := testing.AllocsPerRun(10, func() { _, _ = tr.StepMasked(x, tg, mask, opt) }); a != 0 && allocsUncountable() == "" {
		t.Fatalf("%v allocations per masked step", a)
	}
}
