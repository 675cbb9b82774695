package autodiff_test

import (
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func dense(shape []int, v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

// The lecture's two-node layer: inputs 1.0 and 0.5, W = [[0.9, 0.3], [0.2, 0.8]]
// (row j holds the weights into node j), X = W·I = [1.05, 0.6].
func lectureLayer(t *testing.T) (*graph.Graph, *graph.Node, *graph.Node, *graph.Node, *graph.Node) {
	t.Helper()
	g := graph.New()
	I := g.Input("I", tensor.Float64, 2, 1)
	W := g.Param("W", dense([]int{2, 2}, 0.9, 0.3, 0.2, 0.8))
	X := ops.MatMul(W, I)
	O := ops.Sigmoid(X)
	return g, I, W, X, O
}

func TestLectureForward(t *testing.T) {
	_, I, _, X, O := lectureLayer(t)
	p, err := graph.Compile(X, O)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(graph.Feeds{I: dense([]int{2, 1}, 1.0, 0.5)}); err != nil {
		t.Fatal(err)
	}
	// 1.0·0.9 + 0.5·0.3 = 1.05 and 1.0·0.2 + 0.5·0.8 = 0.6 (the slide's numbers);
	// σ(1.05) = 0.740775, σ(0.6) = 0.645656 (lecture notes, six decimals).
	want := []float64{1.05, 0.6}
	for i, v := range p.Value(X).Float64s() {
		if math.Abs(v-want[i]) > 1e-15 {
			t.Errorf("X[%d] = %v, want %v", i, v, want[i])
		}
	}
	wantO := []float64{0.740775, 0.645656}
	for i, v := range p.Value(O).Float64s() {
		if math.Abs(v-wantO[i]) > 5e-7 {
			t.Errorf("O[%d] = %.7f, want %v", i, v, wantO[i])
		}
	}
}

// ∂E/∂w_jk = −(t_k − o_k)·o_k(1 − o_k)·o_j for E = ½Σ(t − o)², and twice that
// for E = Σ(t − o)² (the slide's derivation with and without the ½).
func TestLectureHandGradient(t *testing.T) {
	for _, c := range []struct {
		name   string
		half   bool
		factor float64
	}{{"half SSE", true, 1}, {"SSE", false, 2}} {
		t.Run(c.name, func(t *testing.T) {
			g, I, W, _, O := lectureLayer(t)
			T := g.Input("t", tensor.Float64, 2, 1)
			E := ops.Sum(ops.Square(ops.Sub(T, O)))
			if c.half {
				E = ops.Mul(g.Scalar(0.5), E)
			}
			dW, err := autodiff.Grad(E, W)
			if err != nil {
				t.Fatal(err)
			}
			p := graph.MustCompile(O, dW[0])
			in, tg := []float64{1.0, 0.5}, []float64{0.3, 0.9}
			if err := p.Run(graph.Feeds{I: dense([]int{2, 1}, in...), T: dense([]int{2, 1}, tg...)}); err != nil {
				t.Fatal(err)
			}
			o := p.Value(O).Float64s()
			got := p.Value(dW[0]).Float64s()
			// Row k of W feeds output k; column j takes input j (o_j = I_j here).
			for k := 0; k < 2; k++ {
				for j := 0; j < 2; j++ {
					hand := -c.factor * (tg[k] - o[k]) * o[k] * (1 - o[k]) * in[j]
					if d := math.Abs(got[k*2+j] - hand); d > 1e-12 {
						t.Errorf("dE/dW[%d][%d] = %v, hand %v (diff %g)", k, j, got[k*2+j], hand, d)
					}
				}
			}
		})
	}
}

// e(w) = w⁴ − 27w² + 14w + 120: e' = 4w³ − 54w + 14 and e” = 12w² − 54.
func TestLectureQuarticDerivatives(t *testing.T) {
	g := graph.New()
	w := g.Input("w", tensor.Float64)
	e := ops.Add(ops.Add(ops.Sub(ops.Pow(w, 4), ops.Mul(g.Scalar(27), ops.Square(w))), ops.Mul(g.Scalar(14), w)), g.Scalar(120))
	d1 := autodiff.MustGrad(e, w)[0]
	d2 := autodiff.MustGrad(d1, w)[0]
	p := graph.MustCompile(e, d1, d2)
	for _, x := range []float64{-5, -3.797583, -1, -0.5, 0, 0.260570, 0.75, 2, 3.537014, 6.5} {
		if err := p.Run(graph.Feeds{w: tensor.New(tensor.FromScalar(x))}); err != nil {
			t.Fatal(err)
		}
		ev, g1, g2 := p.Value(e).Float64s()[0], p.Value(d1).Float64s()[0], p.Value(d2).Float64s()[0]
		want := []float64{x*x*x*x - 27*x*x + 14*x + 120, 4*x*x*x - 54*x + 14, 12*x*x - 54}
		for i, got := range []float64{ev, g1, g2} {
			if math.Abs(got-want[i]) > 1e-12*math.Max(1, math.Abs(want[i])) {
				t.Errorf("w=%v: derivative %d = %v, want %v", x, i, got, want[i])
			}
		}
	}
}
