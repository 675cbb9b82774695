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

// o = [0.5, 1, 2], t = [1, 0, 2]: Σ(t − o)² = 0.25 + 1 + 0 = 1.25, so
// E = ½·1.25 = 0.625 and the mean is 1.25/3; ∂E/∂o = o − t.
func TestSquaredErrors(t *testing.T) {
	g := graph.New()
	o := g.Param("o", dense64([]int{3}, 0.5, 1, 2))
	tg := g.Const(dense64([]int{3}, 1, 0, 2))
	se, mse := ops.SquaredError(o, tg), ops.MeanSquaredError(o, tg)
	wantShape(t, se)
	d := autodiff.MustGrad(se, o)[0]
	got := eval(t, nil, se, mse, d)
	near(t, "E", got[0], []float64{0.625}, 1e-15)
	near(t, "MSE", got[1], []float64{1.25 / 3}, 1e-15)
	near(t, "dE/do", got[2], []float64{-0.5, 1, 0}, 1e-15)
}

func TestLossShapeMismatch(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(o, t *graph.Node) *graph.Node
	}{
		{"SquaredError", ops.SquaredError}, {"MeanSquaredError", ops.MeanSquaredError},
		{"BinaryCrossEntropy", ops.BinaryCrossEntropy}, {"BinaryCrossEntropyLogits", ops.BinaryCrossEntropyLogits},
	} {
		g := graph.New()
		o := g.Input("o", tensor.Float64, 3, 1)
		tg := g.Input("t", tensor.Float64, 3)
		wantBuildError(t, g, c.f(o, tg), c.name, "(3, 1)", "(3)")
	}
}

// logits [[1, 2, 3], [1, 0, −1]], labels [2, 0]: both rows have log
// probabilities log softmax123 = [−2.4076, −1.4076, −0.4076] (row 1 reversed),
// so E = −(−0.40760596 − 0.40760596)/2 = 0.40760596444438046, and
// ∂E/∂logits = (softmax − onehot)/2 (python3: [(s - y) / 2 ...]).
func TestSoftmaxCrossEntropyByHand(t *testing.T) {
	g := graph.New()
	z := g.Param("z", dense64([]int{2, 3}, 1, 2, 3, 1, 0, -1))
	y := g.Input("y", tensor.Int, 2)
	e := ops.SoftmaxCrossEntropy(z, y)
	wantShape(t, e)
	d := autodiff.MustGrad(e, z)[0]
	got := eval(t, graph.Feeds{y: ints([]int{2}, 2, 0)}, e, d)
	near(t, "E", got[0], []float64{0.40760596444438046}, 1e-15)
	near(t, "dE/dz", got[1], []float64{
		0.04501528658519023, 0.12236423552739882, -0.1673795221125891,
		-0.1673795221125891, 0.12236423552739882, 0.04501528658519023}, 1e-15)
}

// Int labels and the same labels one-hot give the same loss and gradient.
func TestSoftmaxCrossEntropyIntEqualsOneHot(t *testing.T) {
	logits := []float64{0.3, -1.2, 2.5, 0.1, 0.7, 0.7, -0.4, 1.9, -2, 0, 3.1, -0.6}
	labels := []int{2, 0, 3}
	hot := make([]float64, 12)
	for b, c := range labels {
		hot[b*4+c] = 1
	}
	g := graph.New()
	z := g.Param("z", dense64([]int{3, 4}, logits...))
	ei := ops.SoftmaxCrossEntropy(z, g.Const(ints([]int{3}, labels...)))
	eh := ops.SoftmaxCrossEntropy(z, g.Const(dense64([]int{3, 4}, hot...)))
	d := autodiff.MustGrad(ops.Add(ei, ops.Mul(g.Scalar(1000), eh)), z)[0]
	di := autodiff.MustGrad(ei, z)[0]
	got := eval(t, nil, ei, eh, d, di)
	near(t, "E", got[0], got[1], 1e-15)
	// d = dEi + 1000·dEh = 1001·dEi when the two agree.
	for i := range got[3] {
		got[3][i] *= 1001
	}
	near(t, "gradient", got[2], got[3], 1e-12)
}

// logits [1000, 1001] with label 0: E = log(1 + e) = 1.3132616875182228,
// finite although e^1000 overflows.
func TestSoftmaxCrossEntropyLargeLogits(t *testing.T) {
	g := graph.New()
	z := g.Param("z", dense64([]int{1, 2}, 1000, 1001))
	e := ops.SoftmaxCrossEntropy(z, g.Const(ints([]int{1}, 0)))
	d := autodiff.MustGrad(e, z)[0]
	got := eval(t, nil, e, d)
	near(t, "E", got[0], []float64{1.3132616875182228}, 1e-9)
	// softmax − onehot = [σ(−1) − 1, σ(1)] = [−0.7310585786300049, 0.7310585786300049].
	near(t, "dE/dz", got[1], []float64{-0.7310585786300049, 0.7310585786300049}, 1e-12)
}

func TestSoftmaxCrossEntropyBadTargets(t *testing.T) {
	g := graph.New()
	z := g.Input("z", tensor.Float64, 4, 3)
	wantBuildError(t, g, ops.SoftmaxCrossEntropy(z, g.Input("y", tensor.Int, 3)), "SoftmaxCrossEntropy", "(4, 3)", "(3)")
	g = graph.New()
	z = g.Input("z", tensor.Float64, 4, 3)
	wantBuildError(t, g, ops.SoftmaxCrossEntropy(z, g.Input("y", tensor.Float64, 4, 2)), "SoftmaxCrossEntropy", "(4, 3)", "(4, 2)")
	g = graph.New()
	z = g.Input("z", tensor.Float64, 3)
	wantBuildError(t, g, ops.SoftmaxCrossEntropy(z, g.Input("y", tensor.Int, 3)), "SoftmaxCrossEntropy", "(3)")
}

// A label outside 0 … K−1 is found when the program runs.
func TestOneHotLabelOutOfRange(t *testing.T) {
	g := graph.New()
	y := g.Input("y", tensor.Int, 2)
	h := ops.OneHot(y, 3, tensor.Float64)
	p := graph.MustCompile(h)
	err := p.Run(graph.Feeds{y: ints([]int{2}, 1, 3)})
	if err == nil || !strings.Contains(err.Error(), "label 3") || !strings.Contains(err.Error(), "_test.go:") {
		t.Errorf("Run error = %v, want one naming label 3 and the building line", err)
	}
}

func TestOneHot(t *testing.T) {
	g := graph.New()
	h := ops.OneHot(g.Const(ints([]int{2, 2}, 0, 2, 1, 0)), 3, tensor.Float32)
	wantShape(t, h, 2, 2, 3)
	near(t, "one-hot", eval(t, nil, h)[0], []float64{1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0}, 0)

	g = graph.New()
	wantBuildError(t, g, ops.OneHot(g.Input("y", tensor.Float64, 2), 3, tensor.Float64), "OneHot", "int")
	g = graph.New()
	wantBuildError(t, g, ops.OneHot(g.Input("y", tensor.Int, 2), 0, tensor.Float64), "OneHot", "classes")
}

// p = [0.9, 0.2, 0.6], t = [1, 0, 1]:
// E = −(log 0.9 + log 0.8 + log 0.6)/3 = 0.2797765635793423 (python3).
func TestBinaryCrossEntropy(t *testing.T) {
	g := graph.New()
	e := ops.BinaryCrossEntropy(g.Const(dense64([]int{3}, 0.9, 0.2, 0.6)), g.Const(dense64([]int{3}, 1, 0, 1)))
	near(t, "E", eval(t, nil, e)[0], []float64{0.2797765635793423}, 1e-15)
}

// z = [2, −1, 0.5, −3], t = [1, 0, 0, 1]: the mean of −[t log σ(z) + (1−t) log(1−σ(z))]
// is 1.115713508578761 (python3); it equals BinaryCrossEntropy(Sigmoid(z), t),
// and its gradient is (σ(z) − t)/4.
func TestBinaryCrossEntropyLogits(t *testing.T) {
	g := graph.New()
	z := g.Param("z", dense64([]int{4}, 2, -1, 0.5, -3))
	tg := g.Const(dense64([]int{4}, 1, 0, 0, 1))
	e := ops.BinaryCrossEntropyLogits(z, tg)
	ep := ops.BinaryCrossEntropy(ops.Sigmoid(z), tg)
	d := autodiff.MustGrad(e, z)[0]
	got := eval(t, nil, e, ep, d)
	near(t, "E", got[0], []float64{1.115713508578761}, 1e-15)
	near(t, "E from probabilities", got[1], got[0], 1e-15)
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	near(t, "dE/dz", got[2], []float64{(sig(2) - 1) / 4, sig(-1) / 4, sig(0.5) / 4, (sig(-3) - 1) / 4}, 1e-15)
}

// z = ±1000 with t = 0: softplus(1000) − 0 = 1000 and softplus(−1000) ≈ 0, so
// E = 500 exactly, and the gradient (σ(z) − t)/2 = [0.5, 0]; the naive
// log(1 − σ(1000)) = log 0 would be −Inf.
func TestBinaryCrossEntropyLogitsExtreme(t *testing.T) {
	g := graph.New()
	z := g.Param("z", dense64([]int{2}, 1000, -1000))
	e := ops.BinaryCrossEntropyLogits(z, g.Const(dense64([]int{2}, 0, 0)))
	got := eval(t, nil, e, autodiff.MustGrad(e, z)[0])
	near(t, "E", got[0], []float64{500}, 0)
	near(t, "dE/dz", got[1], []float64{0.5, 0}, 0)
}

// softplus(3) = log(1 + e³) = 3.048587351573742 and softplus(−3) =
// 0.04858735157374206 (python3: math.log1p(math.exp(±3))).
func TestSoftplus(t *testing.T) {
	g := graph.New()
	y := ops.Softplus(g.Const(dense64([]int{3}, 3, -3, 800)))
	near(t, "softplus", eval(t, nil, y)[0], []float64{3.048587351573742, 0.04858735157374206, 800}, 1e-15)
}
