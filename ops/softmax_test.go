package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// softmax([1, 2, 3]) = e^(x−3) / Σ e^(x−3), in python3:
//
//	m = 3; e = [math.exp(v - m) for v in (1, 2, 3)]; [v / sum(e) for v in e]
//	→ [0.09003057317038046, 0.24472847105479764, 0.6652409557748218]
var softmax123 = []float64{0.09003057317038046, 0.24472847105479764, 0.6652409557748218}

func TestSoftmaxVector(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New()
		x := g.Input("x", dt, 3)
		s, ls := ops.Softmax(x, 0), ops.LogSoftmax(x, -1)
		v := tensor.New(tensor.WithShape(3), tensor.Of(dt))
		for i, f := range []float64{1, 2, 3} {
			if dt == tensor.Float32 {
				v.Float32s()[i] = float32(f)
			} else {
				v.Float64s()[i] = f
			}
		}
		got := eval(t, graph.Feeds{x: v}, s, ls)
		tol := 1e-15
		if dt == tensor.Float32 {
			tol = 1e-7
		}
		near(t, dt.String()+" softmax", got[0], softmax123, tol)
		// log softmax = log of the above: [−2.40760596, −1.40760596, −0.40760596].
		near(t, dt.String()+" log softmax", got[1], []float64{-2.4076059644443806, -1.4076059644443806, -0.40760596444438035}, 10*tol)
	}
}

// Along axis 0 of a 3×2 matrix each column is normalised: column 0 holds
// 1, 2, 3 (the softmax above) and column 1 holds 5, 5, 5 (a third each).
func TestSoftmaxAxis0(t *testing.T) {
	g := graph.New()
	x := g.Const(dense64([]int{3, 2}, 1, 5, 2, 5, 3, 5))
	s := ops.Softmax(x, 0)
	wantShape(t, s, 3, 2)
	got := eval(t, nil, s)[0]
	third := 1.0 / 3
	near(t, "softmax", got, []float64{softmax123[0], third, softmax123[1], third, softmax123[2], third}, 1e-15)
}

// The middle axis of [2, 3, 2]: every (i, ·, k) line of 1, 2, 3 (shifted by
// a constant per line, which softmax ignores) gives softmax123.
func TestSoftmaxMiddleAxis(t *testing.T) {
	v := make([]float64, 12)
	for i := 0; i < 2; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 2; k++ {
				v[(i*3+j)*2+k] = float64(j+1) + float64(10*i-7*k)
			}
		}
	}
	g := graph.New()
	s := ops.Softmax(g.Const(dense64([]int{2, 3, 2}, v...)), 1)
	got := eval(t, nil, s)[0]
	for i := 0; i < 2; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 2; k++ {
				if d := got[(i*3+j)*2+k] - softmax123[j]; d > 1e-15 || d < -1e-15 {
					t.Errorf("softmax[%d, %d, %d] = %v, want %v", i, j, k, got[(i*3+j)*2+k], softmax123[j])
				}
			}
		}
	}
}

// log softmax([1000, 1001]) = [−log(1 + e), −log(1 + e⁻¹)]
// = [−1.3132616875182228, −0.31326168751822286] (python3: -math.log1p(math.e),
// -math.log1p(math.exp(-1))); a naive e^1000 would overflow to Inf.
func TestLogSoftmaxLargeLogits(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		step := dense64([]int{2}, 0, 1)
		if dt == tensor.Float32 {
			step = tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{0, 1}))
		}
		x := ops.Add(g.Full(dt, 1000, 2), g.Const(step))
		ls, s := ops.LogSoftmax(x, 0), ops.Softmax(x, 0)
		got := eval(t, nil, ls, s)
		near(t, dt.String()+" log softmax", got[0], []float64{-1.3132616875182228, -0.31326168751822286}, 1e-6)
		// e^−1.31326 = 0.2689414213699951 = σ(−1), e^−0.31326 = σ(1).
		near(t, dt.String()+" softmax", got[1], []float64{0.2689414213699951, 0.7310585786300049}, 1e-6)
	}
}

func TestSoftmaxBadAxis(t *testing.T) {
	for _, f := range []func(*graph.Node, int) *graph.Node{ops.Softmax, ops.LogSoftmax, ops.Max} {
		g := graph.New()
		x := g.Input("x", tensor.Float64, 2, 3)
		wantBuildError(t, g, f(x, 2), "(2, 3)", "axis 2")
		g = graph.New()
		x = g.Input("x", tensor.Float64, 2, 3)
		wantBuildError(t, g, f(x, -3), "(2, 3)", "axis -3")
	}
}

func TestSoftmaxIntInput(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Int, 3)
	wantBuildError(t, g, ops.LogSoftmax(x, 0), "LogSoftmax", "int")
}
