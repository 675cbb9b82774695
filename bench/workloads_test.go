package bench

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// mlp describes a sigmoid MLP workload under E = ½Σ(t − o)².
type mlp struct {
	batch, in, hidden, out int
	lr                     float64
	dt                     tensor.Dtype
}

// data returns the seeded inputs, targets and initial weights shared by both
// engines: W1 [in, hidden], b1 [hidden], W2 [hidden, out], b2 [out].
func (w mlp) data() (x, t []float64, ws [4][]float64) {
	rng := &splitMix{42}
	x = rng.uniform(w.batch*w.in, 1)
	t = make([]float64, w.batch*w.out)
	for i := 0; i < w.batch; i++ {
		t[i*w.out+rng.IntN(w.out)] = 1
	}
	ws = [4][]float64{rng.uniform(w.in*w.hidden, 0.05), rng.uniform(w.hidden, 0.05), rng.uniform(w.hidden*w.out, 0.1), rng.uniform(w.out, 0.1)}
	return
}

func dense64(v []float64, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), v...)))
}

// denseOf returns a copy of v of dtype dt (float64 or float32).
func denseOf(dt tensor.Dtype, v []float64, shape ...int) *tensor.Dense {
	if dt == tensor.Float64 {
		return dense64(v, shape...)
	}
	f := make([]float32, len(v))
	for i, x := range v {
		f[i] = float32(x)
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(f))
}

// scalar reads a one-element float tensor (or gorgonia value) as float64.
func scalar(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case *tensor.Dense:
		return scalar(x.Get(0))
	}
	return 0
}

// constOf returns a gorgonia scalar constant of dtype dt.
func constOf(dt tensor.Dtype, v float64) *G.Node {
	if dt == tensor.Float32 {
		return G.NewConstant(float32(v))
	}
	return G.NewConstant(v)
}

// chainrule returns a step and a loss reader for the workload.
func (w mlp) chainrule(tb testing.TB) (step, func() float64) {
	x, t, ws := w.data()
	g := graph.New(graph.WithDtype(w.dt))
	X, T := g.Input("x", w.dt, w.batch, w.in), g.Input("t", w.dt, w.batch, w.out)
	W1, B1 := g.Param("W1", denseOf(w.dt, ws[0], w.in, w.hidden)), g.Param("b1", denseOf(w.dt, ws[1], w.hidden))
	W2, B2 := g.Param("W2", denseOf(w.dt, ws[2], w.hidden, w.out)), g.Param("b2", denseOf(w.dt, ws[3], w.out))
	o := ops.Sigmoid(ops.Add(ops.MatMul(ops.Sigmoid(ops.Add(ops.MatMul(X, W1), B1)), W2), B2))
	E := ops.Mul(g.Scalar(0.5), ops.Sum(ops.Square(ops.Sub(T, o))))
	params := []*graph.Node{W1, B1, W2, B2}
	return chainruleStep(tb, E, params, graph.Feeds{X: denseOf(w.dt, x, w.batch, w.in), T: denseOf(w.dt, t, w.batch, w.out)}, w.lr)
}

func (w mlp) gorgonia(tb testing.TB) (step, func() float64) {
	x, t, ws := w.data()
	g := G.NewGraph()
	mk := func(name string, v []float64, shape ...int) *G.Node {
		return G.NewTensor(g, w.dt, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(denseOf(w.dt, v, shape...)))
	}
	X, T := mk("x", x, w.batch, w.in), mk("t", t, w.batch, w.out)
	W1, B1, W2, B2 := mk("W1", ws[0], w.in, w.hidden), mk("b1", ws[1], w.hidden), mk("W2", ws[2], w.hidden, w.out), mk("b2", ws[3], w.out)
	h := G.Must(G.Sigmoid(G.Must(G.BroadcastAdd(G.Must(G.Mul(X, W1)), B1, nil, []byte{0}))))
	o := G.Must(G.Sigmoid(G.Must(G.BroadcastAdd(G.Must(G.Mul(h, W2)), B2, nil, []byte{0}))))
	E := G.Must(G.Mul(constOf(w.dt, 0.5), G.Must(G.Sum(G.Must(G.Square(G.Must(G.Sub(T, o))))))))
	return gorgoniaStep(tb, g, E, G.Nodes{W1, B1, W2, B2}, w.lr)
}

// W1: 784-128-10 sigmoid MLP, ½SSE, batch 32, float64.
var w1 = mlp{batch: 32, in: 784, hidden: 128, out: 10, lr: 0.1, dt: tensor.Float64}

// W2: the same network, batch 256, float32.
var w2 = mlp{batch: 256, in: 784, hidden: 128, out: 10, lr: 0.01, dt: tensor.Float32}

func BenchmarkW1(b *testing.B) { sides(b, w1.chainrule, w1.gorgonia) }

func BenchmarkW2(b *testing.B) { sides(b, w2.chainrule, w2.gorgonia) }
