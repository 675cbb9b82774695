package layers_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// bnFixture is one case of testdata/torch_layers.json (see
// gen_torch_layers.py).
type bnFixture struct {
	Shape       []int
	Gamma, Beta []float64
	Steps       []struct {
		X, R, Y, DX, DGamma, DBeta []float64
	}
	RunningMean []float64 `json:"running_mean"`
	RunningVar  []float64 `json:"running_var"`
	EvalX       []float64 `json:"eval_x"`
	EvalY       []float64 `json:"eval_y"`
}

func loadTorch(t *testing.T) map[string]bnFixture {
	t.Helper()
	b, err := os.ReadFile("testdata/torch_layers.json")
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]json.RawMessage
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	out := map[string]bnFixture{}
	for _, k := range []string{"batchnorm2d", "batchnorm1d", "batchnorm1d_ncl"} {
		var c bnFixture
		if err := json.Unmarshal(f[k], &c); err != nil {
			t.Fatal(err)
		}
		out[k] = c
	}
	return out
}

func near(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol*max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %.17g, PyTorch %.17g", what, i, got[i], want[i])
		}
	}
}

// BatchNorm equals nn.BatchNorm2d and nn.BatchNorm1d ([N, C] and [N, C, L]): training outputs and
// gradients (input, gamma, beta), running statistics after two training
// steps through a Model, and the evaluation output, to 1e-10.
func TestBatchNormMatchesTorch(t *testing.T) {
	for name, c := range loadTorch(t) {
		bn := &layers.BatchNorm{}
		// Each training step on a graph of its own: outputs and gradients.
		for _, s := range c.Steps {
			st := newStore(t, tensor.Float64)
			g := graph.New()
			x := g.Param("input", dense(tensor.Float64, s.X, c.Shape...))
			y := bn.Forward(layers.NewScope(g, st, true), x)
			copy(st.Lookup("gamma").Value.Float64s(), c.Gamma)
			copy(st.Lookup("beta").Value.Float64s(), c.Beta)
			loss := ops.Sum(ops.Mul(y, g.Const(dense(tensor.Float64, s.R, c.Shape...))))
			grads, err := autodiff.Grad(loss, x, g.ByName("gamma"), g.ByName("beta"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := graph.Compile(append([]*graph.Node{y}, grads...)...)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Run(nil); err != nil {
				t.Fatal(err)
			}
			near(t, name+" y", p.Value(y).Float64s(), s.Y, 1e-10)
			near(t, name+" dx", p.Value(grads[0]).Float64s(), s.DX, 1e-10)
			near(t, name+" dgamma", p.Value(grads[1]).Float64s(), s.DGamma, 1e-10)
			near(t, name+" dbeta", p.Value(grads[2]).Float64s(), s.DBeta, 1e-10)
		}
		// Two training steps through a model update the running statistics.
		m, err := layers.NewModel(bn, layers.Spec{Dtype: tensor.Float64, Input: append([]int{-1}, c.Shape[1:]...)})
		if err != nil {
			t.Fatal(err)
		}
		copy(m.Store().Lookup("gamma").Value.Float64s(), c.Gamma)
		copy(m.Store().Lookup("beta").Value.Float64s(), c.Beta)
		tr, err := m.Trainer(c.Shape[0], func(y, r *graph.Node) *graph.Node { return ops.Sum(ops.Mul(y, r)) })
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range c.Steps {
			if _, err := tr.Compute(dense(tensor.Float64, s.X, c.Shape...), dense(tensor.Float64, s.R, c.Shape...)); err != nil {
				t.Fatal(err)
			}
			near(t, name+" model dgamma", tr.Grads()[0].Float64s(), s.DGamma, 1e-10)
			near(t, name+" model dbeta", tr.Grads()[1].Float64s(), s.DBeta, 1e-10)
		}
		near(t, name+" running mean", m.Store().Lookup("mean").Value.Float64s(), c.RunningMean, 1e-10)
		near(t, name+" running var", m.Store().Lookup("var").Value.Float64s(), c.RunningVar, 1e-10)
		// Evaluation uses the running statistics.
		y, err := m.Predict(dense(tensor.Float64, c.EvalX, c.Shape...))
		if err != nil {
			t.Fatal(err)
		}
		near(t, name+" eval y", y.Float64s(), c.EvalY, 1e-10)
	}
}

// In float32, BatchNorm's training outputs and gradients (the fused ops'
// float32 kernels, which sum in float64) agree with PyTorch's float64 ones
// to 1e-5, relative to values of at least 1: float32 inputs carry a
// relative error of 6e-8, which normalising a few values per channel
// magnifies by at most their spread over their deviation.
func TestBatchNormFloat32MatchesTorch(t *testing.T) {
	for name, c := range loadTorch(t) {
		for _, s := range c.Steps {
			st := newStore(t, tensor.Float32)
			g := graph.New(graph.WithDtype(tensor.Float32))
			x := g.Param("input", dense(tensor.Float32, s.X, c.Shape...))
			y := (&layers.BatchNorm{}).Forward(layers.NewScope(g, st, true), x)
			copy(st.Lookup("gamma").Value.Float32s(), f32s(c.Gamma))
			copy(st.Lookup("beta").Value.Float32s(), f32s(c.Beta))
			loss := ops.Sum(ops.Mul(y, g.Const(dense(tensor.Float32, s.R, c.Shape...))))
			grads, err := autodiff.Grad(loss, x, g.ByName("gamma"), g.ByName("beta"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := graph.CompileWith(graph.Fast, append([]*graph.Node{y}, grads...)...)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Run(nil); err != nil {
				t.Fatal(err)
			}
			near(t, name+" float32 y", f64s(p.Value(y)), s.Y, 1e-5)
			near(t, name+" float32 dx", f64s(p.Value(grads[0])), s.DX, 1e-5)
			near(t, name+" float32 dgamma", f64s(p.Value(grads[1])), s.DGamma, 1e-5)
			near(t, name+" float32 dbeta", f64s(p.Value(grads[2])), s.DBeta, 1e-5)
		}
	}
}

func f32s(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// A training step with batch norm (whose running statistics are copied in
// after each run) still allocates nothing.
func TestBatchNormStepAllocatesNothing(t *testing.T) {
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 8}, &layers.BatchNorm{}, layers.ReLU{}, &layers.Linear{Out: 3}),
		layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	xs, ts := blobs(16, 1)
	tr, err := m.Trainer(16, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	x, y := rows(tensor.Float32, xs, 0, 16), dense(tensor.Float32, ts, 16, 3)
	before := append([]float64(nil), f64s(m.Store().Lookup("1.mean").Value)...)
	opt := &recorder{}
	if a := testing.AllocsPerRun(10, func() {
		if _, err := tr.Step(x, y, opt); err != nil {
			t.Fatal(err)
		}
	}); a != 0 && allocsUncountable() == "" {
		t.Fatalf("%v allocations per step", a)
	}
	if after := f64s(m.Store().Lookup("1.mean").Value); after[0] == before[0] {
		t.Fatal("running mean did not change")
	}
	if opt.n == 0 || len(opt.p) != 6 {
		t.Fatalf("optimizer got %d params", len(opt.p))
	}
}

// recorder records what Step hands it and changes nothing.
type recorder struct {
	n int
	p []*tensor.Dense
}

func (o *recorder) Step(params, grads []*tensor.Dense) error {
	o.n++
	o.p = params
	return nil
}
