package ops_test

import (
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Keepdims reductions and the population variance on [[1, 2, 3], [4, 5, 9]],
// values by hand.
func TestKeepdimsValues(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{2, 3}, 1, 2, 3, 4, 5, 9))
	sk, mk, xk := ops.SumKeep(x, 0), ops.MeanKeep(x, 1), ops.MaxKeep(x, -1)
	wantShape(t, sk, 1, 3)
	wantShape(t, mk, 2, 1)
	wantShape(t, xk, 2, 1)
	wantShape(t, ops.SumKeep(x), 1, 1)
	v0, v1, vk, va := ops.Variance(x, 0), ops.Variance(x, 1), ops.VarianceKeep(x, 1), ops.Variance(x)
	wantShape(t, v0, 3)
	wantShape(t, vk, 2, 1)
	wantShape(t, va)
	// ∂Σ var(x, axis 1)/∂x = 2(x − μ)/3 per row: μ = 2 and 6.
	dv := autodiff.MustGrad(ops.Sum(v1), x)[0]
	v := eval(t, nil, sk, mk, xk, v0, v1, vk, va, dv)
	near(t, "SumKeep", v[0], []float64{5, 7, 12}, 0)
	near(t, "MeanKeep", v[1], []float64{2, 6}, 1e-15)
	near(t, "MaxKeep", v[2], []float64{3, 9}, 0)
	near(t, "Variance axis 0", v[3], []float64{2.25, 2.25, 9}, 1e-15)
	near(t, "Variance axis 1", v[4], []float64{2.0 / 3, 14.0 / 3}, 1e-15)
	near(t, "VarianceKeep axis 1", v[5], []float64{2.0 / 3, 14.0 / 3}, 1e-15)
	// mean 4, squared deviations 9 4 1 0 1 25: 40/6.
	near(t, "Variance all", v[6], []float64{40.0 / 6}, 1e-15)
	near(t, "∂ΣVariance/∂x", v[7], []float64{-2.0 / 3, 0, 2.0 / 3, -4.0 / 3, -2.0 / 3, 2}, 1e-15)
}

// The two-pass variance does not cancel away under a large mean: 1e9 + {0,
// 1, 2} has variance 2/3 (a one-pass E[x²] − E[x]² gives 0 or worse).
func TestVarianceLargeMean(t *testing.T) {
	g := graph.New()
	x := g.Const(dense64([]int{3}, 1e9, 1e9+1, 1e9+2))
	near(t, "Variance", eval(t, nil, ops.Variance(x))[0], []float64{2.0 / 3}, 1e-9)
}

// keepBatchNorm is batch norm in training mode over a [B, C, H, W] batch,
// written with keepdims statistics: nothing in it names the batch size.
func keepBatchNorm(x *graph.Node) *graph.Node {
	eps := x.Graph().Scalar(1e-5)
	return ops.Div(ops.Sub(x, ops.MeanKeep(x, 0, 2, 3)), ops.Sqrt(ops.Add(ops.VarianceKeep(x, 0, 2, 3), eps)))
}

// The same batch-norm code builds for any batch size, and on a batch of
// one constant per channel gives zeros; per channel, the normalised batch
// has mean 0 and variance var/(var+ε).
func TestBatchNormAnyBatchSize(t *testing.T) {
	for _, b := range []int{1, 2, 5} {
		g := graph.New()
		n := b * 2 * 3 * 3
		v := make([]float64, n)
		for i := range v {
			v[i] = float64((i*7)%11) + float64(i/(n/b)) // different per sample
		}
		x := g.Const(dense64([]int{b, 2, 3, 3}, v...))
		y := keepBatchNorm(x)
		wantShape(t, y, b, 2, 3, 3)
		out := eval(t, nil, ops.Mean(y, 0, 2, 3), ops.Variance(y, 0, 2, 3), ops.Variance(x, 0, 2, 3))
		for c := 0; c < 2; c++ {
			if math.Abs(out[0][c]) > 1e-12 {
				t.Errorf("B=%d: channel %d mean %g, want 0", b, c, out[0][c])
			}
			want := out[2][c] / (out[2][c] + 1e-5)
			if math.Abs(out[1][c]-want) > 1e-12 {
				t.Errorf("B=%d: channel %d variance %g, want %g", b, c, out[1][c], want)
			}
		}
	}
}

func TestKeepdimsErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(x *graph.Node) *graph.Node
		want string
	}{
		{"SumKeep", func(x *graph.Node) *graph.Node { return ops.SumKeep(x, 2) }, "axis 2"},
		{"MeanKeep", func(x *graph.Node) *graph.Node { return ops.MeanKeep(x, 0, 0) }, "twice"},
		{"MaxKeep", func(x *graph.Node) *graph.Node { return ops.MaxKeep(x, -3) }, "axis -3"},
		{"Variance", func(x *graph.Node) *graph.Node { return ops.Variance(x, 5) }, "axis 5"},
		{"VarianceKeep", func(x *graph.Node) *graph.Node { return ops.VarianceKeep(x, 1, -1) }, "twice"},
	} {
		g := graph.New()
		wantBuildError(t, g, c.f(g.Input("x", tensor.Float64, 2, 3)), c.name, c.want)
		if !c.f(nil).Bad() {
			t.Errorf("%s(nil) is not bad", c.name)
		}
	}
}

// Batch norm's forward and backward run without allocating, in both dtypes.
func TestKeepdimsRunWithoutAllocating(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Input("x", dt, 4, 2, 3, 3)
		w := g.Param("w", tensor.New(tensor.WithShape(1, 2, 1, 1), tensor.Of(dt)))
		y := keepBatchNorm(ops.Mul(x, ops.Add(w, g.Scalar(1))))
		loss := ops.Add(ops.Sum(ops.Square(y)), ops.Sum(ops.MaxKeep(ops.SumKeep(x, 1), 2)))
		dw := autodiff.MustGrad(loss, w)[0]
		prog := graph.MustCompile(loss, dw)
		xv := tensor.New(tensor.WithShape(4, 2, 3, 3), tensor.Of(dt))
		if err := prog.Run(graph.Feeds{x: xv}); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = prog.Exec() }); n != 0 {
			t.Errorf("%v: Exec allocates %v times per run, want 0", dt, n)
		}
	}
}
