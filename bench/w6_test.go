package bench

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// cnn describes the LeNet-style CNN (Caffe's LeNet): 1×28×28 → conv 5×5 ×20
// → max-pool 2 → conv 5×5 ×50 → max-pool 2 → dense 800→500 ReLU → dense
// 500→10, under the batch-mean softmax cross-entropy, float32. The
// convolutions have no padding, stride 1 and a bias each; no activation
// follows them (the pooling is the nonlinearity, as in Caffe's LeNet).
type cnn struct {
	batch int
	lr    float64
}

// W6: the CNN at batch 64, SGD 0.01.
var w6 = cnn{batch: 64, lr: 0.01}

// The CNN's sizes.
const (
	cnnSide, cnnK, cnnC1, cnnC2, cnnHidden, cnnClasses = 28, 5, 20, 50, 500, 10
	cnnFlat                                            = cnnC2 * 4 * 4 // after the second pooling
)

// data returns seeded images [batch, 1, 28, 28], class labels and the
// initial weights in order: conv1 W [20, 1, 5, 5], b [20]; conv2 W [50, 20,
// 5, 5], b [50]; dense W [800, 500], b [500]; dense W [500, 10], b [10].
// Weights are uniform in ±√(6/fan-in), biases in ±0.01.
func (w cnn) data() (x []float64, labels []int, ws [][]float64) {
	rng := &splitMix{45}
	x = rng.uniform(w.batch*cnnSide*cnnSide, 1)
	labels = make([]int, w.batch)
	for i := range labels {
		labels[i] = rng.IntN(cnnClasses)
	}
	he := func(n, fanIn int) []float64 { return rng.uniform(n, math.Sqrt(6/float64(fanIn))) }
	ws = append(ws, he(cnnC1*cnnK*cnnK, cnnK*cnnK), rng.uniform(cnnC1, 0.01))
	ws = append(ws, he(cnnC2*cnnC1*cnnK*cnnK, cnnC1*cnnK*cnnK), rng.uniform(cnnC2, 0.01))
	ws = append(ws, he(cnnFlat*cnnHidden, cnnFlat), rng.uniform(cnnHidden, 0.01))
	ws = append(ws, he(cnnHidden*cnnClasses, cnnHidden), rng.uniform(cnnClasses, 0.01))
	return
}

// chainruleNet builds the network's logits on g from the images X.
func (w cnn) chainruleNet(g *graph.Graph, X *graph.Node, ws [][]float64) (logits *graph.Node, params []*graph.Node) {
	f32 := tensor.Float32
	param := func(name string, v []float64, shape ...int) *graph.Node {
		p := g.Param(name, denseOf(f32, v, shape...))
		params = append(params, p)
		return p
	}
	K1, B1 := param("conv1.W", ws[0], cnnC1, 1, cnnK, cnnK), param("conv1.b", ws[1], cnnC1, 1, 1)
	K2, B2 := param("conv2.W", ws[2], cnnC2, cnnC1, cnnK, cnnK), param("conv2.b", ws[3], cnnC2, 1, 1)
	W3, B3 := param("fc1.W", ws[4], cnnFlat, cnnHidden), param("fc1.b", ws[5], cnnHidden)
	W4, B4 := param("fc2.W", ws[6], cnnHidden, cnnClasses), param("fc2.b", ws[7], cnnClasses)
	pool := ops.Pool2DOptions{Kernel: [2]int{2, 2}}
	h := ops.MaxPool2D(ops.Add(ops.Conv2D(X, K1, ops.Conv2DOptions{}), B1), pool)
	h = ops.MaxPool2D(ops.Add(ops.Conv2D(h, K2, ops.Conv2DOptions{}), B2), pool)
	h = ops.ReLU(ops.Add(ops.MatMul(ops.Flatten(h), W3), B3))
	return ops.Add(ops.MatMul(h, W4), B4), params
}

func (w cnn) chainrule(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := graph.New(graph.WithDtype(tensor.Float32))
	X, T := g.Input("x", tensor.Float32, w.batch, 1, cnnSide, cnnSide), g.Input("labels", tensor.Int, w.batch)
	logits, params := w.chainruleNet(g, X, ws)
	E := ops.SoftmaxCrossEntropy(logits, T)
	feeds := graph.Feeds{X: denseOf(tensor.Float32, x, w.batch, 1, cnnSide, cnnSide),
		T: tensor.New(tensor.WithShape(w.batch), tensor.WithBacking(labels))}
	return chainruleStep(tb, E, params, feeds, w.lr)
}

// gorgoniaNet builds the network's logits on g (gorgonia's Conv2d, an
// im2col and a product, and MaxPool2D).
func (w cnn) gorgoniaNet(g *G.ExprGraph, x []float64, ws [][]float64) (logits *G.Node, params G.Nodes) {
	f32 := tensor.Float32
	mk := func(name string, v []float64, shape ...int) *G.Node {
		return G.NewTensor(g, f32, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(denseOf(f32, v, shape...)))
	}
	param := func(name string, v []float64, shape ...int) *G.Node {
		p := mk(name, v, shape...)
		params = append(params, p)
		return p
	}
	X := mk("x", x, w.batch, 1, cnnSide, cnnSide)
	K1, B1 := param("conv1.W", ws[0], cnnC1, 1, cnnK, cnnK), param("conv1.b", ws[1], 1, cnnC1, 1, 1)
	K2, B2 := param("conv2.W", ws[2], cnnC2, cnnC1, cnnK, cnnK), param("conv2.b", ws[3], 1, cnnC2, 1, 1)
	W3, B3 := param("fc1.W", ws[4], cnnFlat, cnnHidden), param("fc1.b", ws[5], cnnHidden)
	W4, B4 := param("fc2.W", ws[6], cnnHidden, cnnClasses), param("fc2.b", ws[7], cnnClasses)
	k := tensor.Shape{cnnK, cnnK}
	conv := func(h, K, B *G.Node) *G.Node {
		c := G.Must(G.Conv2d(h, K, k, nil, []int{1, 1}, nil))
		c = G.Must(G.BroadcastAdd(c, B, nil, []byte{0, 2, 3}))
		return G.Must(G.MaxPool2D(c, tensor.Shape{2, 2}, []int{0, 0}, []int{2, 2}))
	}
	h := conv(conv(X, K1, B1), K2, B2)
	h = G.Must(G.Reshape(h, tensor.Shape{w.batch, cnnFlat}))
	h = G.Must(G.Rectify(G.Must(G.BroadcastAdd(G.Must(G.Mul(h, W3)), B3, nil, []byte{0}))))
	return G.Must(G.BroadcastAdd(G.Must(G.Mul(h, W4)), B4, nil, []byte{0})), params
}

func (w cnn) gorgonia(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := G.NewGraph()
	logits, params := w.gorgoniaNet(g, x, ws)
	return gorgoniaStep(tb, g, gorgoniaCE(g, logits, labels, cnnClasses, tensor.Float32), params, w.lr)
}

// gorgoniaCE is the batch-mean softmax cross-entropy of logits [batch, k]
// against labels, as −Σ onehot ⊙ logsoftmax / batch.
func gorgoniaCE(g *G.ExprGraph, logits *G.Node, labels []int, k int, dt tensor.Dtype) *G.Node {
	onehot := make([]float64, len(labels)*k)
	for i, c := range labels {
		onehot[i*k+c] = 1
	}
	T := G.NewTensor(g, dt, 2, G.WithShape(len(labels), k), G.WithName("onehot"), G.WithValue(denseOf(dt, onehot, len(labels), k)))
	return G.Must(G.Mul(G.Must(G.Sum(G.Must(G.HadamardProd(T, G.Must(G.LogSoftMax(logits)))))), constOf(dt, -1/float64(len(labels)))))
}

func BenchmarkW6(b *testing.B) { sides(b, w6.chainrule, w6.gorgonia) }
