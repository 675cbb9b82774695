package ops_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// BatchNorm and BatchStats refuse bad operands with an error naming the op
// and what was wrong; nothing panics.
func TestBatchNormBadOperands(t *testing.T) {
	for _, c := range []struct {
		name  string
		build func(g *graph.Graph) *graph.Node
		want  []string
	}{
		{"rank 1", func(g *graph.Graph) *graph.Node {
			return ops.BatchStats(g.Input("x", tensor.Float64, 6))
		}, []string{"BatchStats", "input (6)", "[N, C]"}},
		{"int", func(g *graph.Graph) *graph.Node {
			return ops.BatchStats(g.Input("x", tensor.Int, 2, 3))
		}, []string{"BatchStats", "dtype int"}},
		{"stats of another x", func(g *graph.Graph) *graph.Node {
			x, z := g.Input("x", tensor.Float64, 4, 3), g.Input("z", tensor.Float64, 4, 3)
			return ops.BatchNorm(x, ops.BatchStats(z), g.Input("g", tensor.Float64, 3), g.Input("b", tensor.Float64, 3), 1e-5)
		}, []string{"BatchNorm", "must be BatchStats(x) of the same x"}},
		{"stats by hand", func(g *graph.Graph) *graph.Node {
			x := g.Input("x", tensor.Float64, 4, 3)
			return ops.BatchNorm(x, g.Input("s", tensor.Float64, 2, 3), g.Input("g", tensor.Float64, 3), g.Input("b", tensor.Float64, 3), 1e-5)
		}, []string{"BatchNorm", "must be BatchStats(x)"}},
		{"gamma shape", func(g *graph.Graph) *graph.Node {
			x := g.Input("x", tensor.Float64, 2, 3, 4, 4)
			return ops.BatchNorm(x, ops.BatchStats(x), g.Input("g", tensor.Float64, 4), g.Input("b", tensor.Float64, 3), 1e-5)
		}, []string{"BatchNorm", "gamma (operand 2) has shape (4), want (3) for x of 3 channels", "(2, 3, 4, 4)"}},
		{"beta dtype", func(g *graph.Graph) *graph.Node {
			x := g.Input("x", tensor.Float32, 2, 3)
			return ops.BatchNorm(x, ops.BatchStats(x), g.Input("g", tensor.Float32, 3), g.Input("b", tensor.Float64, 3), 1e-5)
		}, []string{"BatchNorm", "beta (operand 3) has dtype float64, x has float32"}},
		{"eps", func(g *graph.Graph) *graph.Node {
			x := g.Input("x", tensor.Float64, 2, 3)
			return ops.BatchNorm(x, ops.BatchStats(x), g.Input("g", tensor.Float64, 3), g.Input("b", tensor.Float64, 3), -1)
		}, []string{"BatchNorm", "eps -1"}},
	} {
		g := graph.New()
		if n := c.build(g); !n.Bad() {
			t.Errorf("%s: node is not bad", c.name)
		}
		err := g.Err()
		if err == nil {
			t.Fatalf("%s: no error", c.name)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", c.name, err, w)
			}
		}
	}
}

// BatchStats of a [2, 2, 2] batch, by hand: channel 0 holds 1, 2, 5, 8
// (mean 4, variance (9 + 4 + 1 + 16)/4 = 7.5), channel 1 holds 3, 3, 3, 7
// (mean 4, variance (1 + 1 + 1 + 9)/4 = 3). BatchNorm with gamma (2, 1),
// beta (0, 1) and eps 0.5 divides by √8 and √3.5.
func TestBatchStatsByHand(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Const(denseOf(dt, []int{2, 2, 2}, 1, 2, 3, 3, 5, 8, 3, 7))
		st := ops.BatchStats(x)
		y := ops.BatchNorm(x, st, g.Const(denseOf(dt, []int{2}, 2, 1)), g.Const(denseOf(dt, []int{2}, 0, 1)), 0.5)
		v := eval(t, nil, st, y)
		near(t, dt.String()+" stats", v[0], []float64{4, 4, 7.5, 3}, 1e-6)
		s0, s1 := 2/2.8284271247461903, 1/1.8708286933869707
		near(t, dt.String()+" y", v[1], []float64{-3 * s0, -2 * s0, -1*s1 + 1, -1*s1 + 1, 1 * s0, 4 * s0, -1*s1 + 1, 3*s1 + 1}, 1e-6)
	}
}

// denseOf returns a tensor of dtype dt holding v.
func denseOf(dt tensor.Dtype, shape []int, v ...float64) *tensor.Dense {
	if dt == tensor.Float32 {
		s := make([]float32, len(v))
		for i, x := range v {
			s[i] = float32(x)
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(s))
	}
	return dense64(shape, v...)
}

// BatchNorm and its gradients (x, gamma, beta) equal the composition
// layers.BatchNorm was built from before, (x − MeanKeep)/√(VarianceKeep +
// eps)·gamma + beta with autodiff's gradient through it: to 1e-12 in
// float64 and 2e-5 in float32 (relative to values of at least 1), on a
// [6, 4, 5, 3] batch with a mean far from zero.
func TestBatchNormEqualsComposition(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	shape := []int{6, 4, 5, 3}
	rnd := func(k int, lo, hi float64) []float64 {
		v := make([]float64, k)
		for i := range v {
			v[i] = lo + (hi-lo)*rng.Float64()
		}
		return v
	}
	xv, rv, gv, bv := rnd(360, 2, 6), rnd(360, -1, 1), rnd(4, 0.5, 1.5), rnd(4, -1, 1)
	for _, c := range []struct {
		dt  tensor.Dtype
		tol float64
	}{{tensor.Float64, 1e-12}, {tensor.Float32, 2e-5}} {
		var vals [2][][]float64
		for k := range vals {
			g := graph.New(graph.WithDtype(c.dt))
			x, gamma, beta := g.Param("x", denseOf(c.dt, shape, xv...)), g.Param("g", denseOf(c.dt, []int{4}, gv...)), g.Param("b", denseOf(c.dt, []int{4}, bv...))
			var y *graph.Node
			if k == 0 {
				y = ops.BatchNorm(x, ops.BatchStats(x), gamma, beta, 1e-5)
			} else {
				bc := func(v *graph.Node) *graph.Node { return ops.Reshape(v, 1, 4, 1, 1) }
				mu, v := ops.MeanKeep(x, 0, 2, 3), ops.VarianceKeep(x, 0, 2, 3)
				xh := ops.Div(ops.Sub(x, mu), ops.Sqrt(ops.Add(v, g.Scalar(1e-5))))
				y = ops.Add(ops.Mul(xh, bc(gamma)), bc(beta))
			}
			loss := ops.Sum(ops.Mul(y, g.Const(denseOf(c.dt, shape, rv...))))
			grads := autodiff.MustGrad(loss, x, gamma, beta)
			vals[k] = eval(t, nil, append([]*graph.Node{y}, grads...)...)
		}
		for i, what := range []string{"y", "dx", "dgamma", "dbeta"} {
			for j, want := range vals[1][i] {
				if got := vals[0][i][j]; math.Abs(got-want) > c.tol*max(1, math.Abs(want)) {
					t.Fatalf("%v %s[%d] = %.10g, composition %.10g", c.dt, what, j, got, want)
				}
			}
		}
	}
}
