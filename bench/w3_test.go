package bench

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// deep describes a ReLU MLP classifier under the batch-mean softmax
// cross-entropy: sizes[0] inputs, ReLU hidden layers, sizes[len-1] logits.
type deep struct {
	batch int
	sizes []int
	lr    float64
	dt    tensor.Dtype
}

// W3: 784-256-128-64-10 ReLU, softmax cross-entropy, batch 128, float32.
var w3 = deep{batch: 128, sizes: []int{784, 256, 128, 64, 10}, lr: 0.05, dt: tensor.Float32}

// data returns seeded inputs, class labels and, per layer, the weights
// [in, out] (uniform in ±√(6/in), He's bound) and biases [out].
func (w deep) data() (x []float64, labels []int, ws [][]float64) {
	rng := &splitMix{43}
	x = rng.uniform(w.batch*w.sizes[0], 1)
	labels = make([]int, w.batch)
	for i := range labels {
		labels[i] = rng.IntN(w.sizes[len(w.sizes)-1])
	}
	for l := 1; l < len(w.sizes); l++ {
		in, out := w.sizes[l-1], w.sizes[l]
		ws = append(ws, rng.uniform(in*out, math.Sqrt(6/float64(in))), rng.uniform(out, 0.01))
	}
	return
}

// chainruleNet builds the network's logits on g from the inputs X.
func (w deep) chainruleNet(g *graph.Graph, X *graph.Node, ws [][]float64) (logits *graph.Node, params []*graph.Node) {
	h := X
	for l := 1; l < len(w.sizes); l++ {
		W := g.Param("W"+string(rune('0'+l)), denseOf(w.dt, ws[2*l-2], w.sizes[l-1], w.sizes[l]))
		B := g.Param("b"+string(rune('0'+l)), denseOf(w.dt, ws[2*l-1], w.sizes[l]))
		params = append(params, W, B)
		h = ops.Add(ops.MatMul(h, W), B)
		if l < len(w.sizes)-1 {
			h = ops.ReLU(h)
		}
	}
	return h, params
}

func (w deep) chainrule(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := graph.New(graph.WithDtype(w.dt))
	X, T := g.Input("x", w.dt, w.batch, w.sizes[0]), g.Input("labels", tensor.Int, w.batch)
	logits, params := w.chainruleNet(g, X, ws)
	E := ops.SoftmaxCrossEntropy(logits, T)
	feeds := graph.Feeds{X: denseOf(w.dt, x, w.batch, w.sizes[0]),
		T: tensor.New(tensor.WithShape(w.batch), tensor.WithBacking(labels))}
	return chainruleStep(tb, E, params, feeds, w.lr)
}

// gorgoniaNet builds the network's logits on g from the inputs x.
func (w deep) gorgoniaNet(g *G.ExprGraph, x []float64, ws [][]float64) (logits *G.Node, params G.Nodes) {
	mk := func(name string, v []float64, shape ...int) *G.Node {
		return G.NewTensor(g, w.dt, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(denseOf(w.dt, v, shape...)))
	}
	h := mk("x", x, w.batch, w.sizes[0])
	for l := 1; l < len(w.sizes); l++ {
		W := mk("W"+string(rune('0'+l)), ws[2*l-2], w.sizes[l-1], w.sizes[l])
		B := mk("b"+string(rune('0'+l)), ws[2*l-1], w.sizes[l])
		params = append(params, W, B)
		h = G.Must(G.BroadcastAdd(G.Must(G.Mul(h, W)), B, nil, []byte{0}))
		if l < len(w.sizes)-1 {
			h = G.Must(G.Rectify(h))
		}
	}
	return h, params
}

func (w deep) gorgonia(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := G.NewGraph()
	logits, params := w.gorgoniaNet(g, x, ws)
	return gorgoniaStep(tb, g, gorgoniaCE(g, logits, labels, w.sizes[len(w.sizes)-1], w.dt), params, w.lr)
}

func BenchmarkW3(b *testing.B) { sides(b, w3.chainrule, w3.gorgonia) }
