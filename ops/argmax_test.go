package ops_test

import (
	"math"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// ArgMax along either axis of a (2, 3) matrix with a tie, values by hand.
func TestArgMaxValues(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Const(elemTensor(dt, []int{2, 3}, 1, 7, 7, 4, -1, math.NaN()))
		a1, a0, v := ops.ArgMax(x, -1), ops.ArgMax(x, 0), ops.ArgMax(ops.Reshape(x, 6), 0)
		wantShape(t, a1, 2)
		wantShape(t, a0, 3)
		wantShape(t, v)
		if a1.Dtype() != tensor.Int {
			t.Fatalf("ArgMax dtype %v, want int", a1.Dtype())
		}
		p := graph.MustCompile(a1, a0, v)
		if err := p.Run(nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			n    *graph.Node
			want []int
		}{{a1, []int{1, 0}}, {a0, []int{1, 0, 0}}, {v, []int{1}}} {
			got := p.Value(c.n).Ints()
			if len(got) != len(c.want) {
				t.Fatalf("%v: %v, want %v", c.n, got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%v %v = %v, want %v", dt, c.n, got, c.want)
					break
				}
			}
		}
		if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
			t.Errorf("%v: Exec allocates %v times per run, want 0", dt, n)
		}
	}
}

// Differentiating through ArgMax is an error naming it; using it only as a
// selector (OneHot, no gradient) is not.
func TestArgMaxNoGradient(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{3}, 1, 3, 2))
	_, err := autodiff.Grad(ops.ArgMax(x, 0), x)
	if err == nil || !strings.Contains(err.Error(), "ArgMax") || !strings.Contains(err.Error(), "no gradient") || !strings.Contains(err.Error(), "argmax_test.go:") {
		t.Fatalf("Grad through ArgMax: err = %v, want one naming ArgMax, where it was built, and saying it has no gradient", err)
	}
	g = graph.New()
	x = g.Param("x", dense64([]int{3}, 1, 3, 2))
	sel := ops.Sum(ops.Mul(ops.OneHot(ops.ArgMax(x, 0), 3, tensor.Float64), x))
	d, err := autodiff.Grad(sel, x)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "∂(onehot·x)/∂x", eval(t, nil, d[0])[0], []float64{0, 1, 0}, 0)
}

func TestArgMaxErrors(t *testing.T) {
	g := graph.New()
	wantBuildError(t, g, ops.ArgMax(g.Input("x", tensor.Float64, 2, 3), 2), "ArgMax", "axis 2", "(2, 3)")
	g = graph.New()
	wantBuildError(t, g, ops.ArgMax(g.Input("i", tensor.Int, 2), 0), "ArgMax", "dtype int")
	if !ops.ArgMax(nil, 0).Bad() {
		t.Error("ArgMax(nil) is not bad")
	}
}
