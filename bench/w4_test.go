package bench

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// elman describes an unrolled Elman RNN trained by backpropagation through
// time: h_t = tanh(x_t·Wx + h_{t−1}·Wh + b) from h_0 = 0, then y = h_T·Wy + c
// under E = ½Σ(y − t)². The sequence is one [batch, steps·in] input; step t
// is columns t·in … (t+1)·in.
type elman struct {
	batch, in, hidden, out, steps int
	lr                            float64
	dt                            tensor.Dtype
}

// W4: in 8, hidden 64, 32 steps, batch 16, float32.
var w4 = elman{batch: 16, in: 8, hidden: 64, out: 8, steps: 32, lr: 0.01, dt: tensor.Float32}

// data returns the seeded sequence, targets and weights Wx, Wh, b, Wy, c.
func (w elman) data() (x, t []float64, ws [5][]float64) {
	rng := &splitMix{44}
	x, t = rng.uniform(w.batch*w.steps*w.in, 1), rng.uniform(w.batch*w.out, 1)
	ws = [5][]float64{rng.uniform(w.in*w.hidden, 0.3), rng.uniform(w.hidden*w.hidden, 0.1), rng.uniform(w.hidden, 0.1),
		rng.uniform(w.hidden*w.out, 0.2), rng.uniform(w.out, 0.1)}
	return
}

func (w elman) chainrule(tb testing.TB) (step, func() float64) {
	x, t, ws := w.data()
	g := graph.New(graph.WithDtype(w.dt))
	X, T := g.Input("x", w.dt, w.batch, w.steps*w.in), g.Input("t", w.dt, w.batch, w.out)
	Wx, Wh := g.Param("Wx", denseOf(w.dt, ws[0], w.in, w.hidden)), g.Param("Wh", denseOf(w.dt, ws[1], w.hidden, w.hidden))
	B := g.Param("b", denseOf(w.dt, ws[2], w.hidden))
	Wy, C := g.Param("Wy", denseOf(w.dt, ws[3], w.hidden, w.out)), g.Param("c", denseOf(w.dt, ws[4], w.out))
	var h *graph.Node
	for s := 0; s < w.steps; s++ {
		z := ops.MatMul(ops.Slice(X, 1, s*w.in, (s+1)*w.in), Wx)
		if h != nil {
			z = ops.Add(z, ops.MatMul(h, Wh))
		}
		h = ops.Tanh(ops.Add(z, B))
	}
	E := ops.Mul(g.Scalar(0.5), ops.Sum(ops.Square(ops.Sub(ops.Add(ops.MatMul(h, Wy), C), T))))
	params := []*graph.Node{Wx, Wh, B, Wy, C}
	return chainruleStep(tb, E, params, graph.Feeds{X: denseOf(w.dt, x, w.batch, w.steps*w.in), T: denseOf(w.dt, t, w.batch, w.out)}, w.lr)
}

func (w elman) gorgonia(tb testing.TB) (step, func() float64) {
	x, t, ws := w.data()
	g := G.NewGraph()
	mk := func(name string, v []float64, shape ...int) *G.Node {
		return G.NewTensor(g, w.dt, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(denseOf(w.dt, v, shape...)))
	}
	X, T := mk("x", x, w.batch, w.steps*w.in), mk("t", t, w.batch, w.out)
	Wx, Wh, B := mk("Wx", ws[0], w.in, w.hidden), mk("Wh", ws[1], w.hidden, w.hidden), mk("b", ws[2], w.hidden)
	Wy, C := mk("Wy", ws[3], w.hidden, w.out), mk("c", ws[4], w.out)
	var h *G.Node
	for s := 0; s < w.steps; s++ {
		z := G.Must(G.Mul(G.Must(G.Slice(X, nil, G.S(s*w.in, (s+1)*w.in))), Wx))
		if h != nil {
			z = G.Must(G.Add(z, G.Must(G.Mul(h, Wh))))
		}
		h = G.Must(G.Tanh(G.Must(G.BroadcastAdd(z, B, nil, []byte{0}))))
	}
	y := G.Must(G.BroadcastAdd(G.Must(G.Mul(h, Wy)), C, nil, []byte{0}))
	E := G.Must(G.Mul(constOf(w.dt, 0.5), G.Must(G.Sum(G.Must(G.Square(G.Must(G.Sub(y, T))))))))
	return gorgoniaStep(tb, g, E, G.Nodes{Wx, Wh, B, Wy, C}, w.lr)
}

func BenchmarkW4(b *testing.B) { sides(b, w4.chainrule, w4.gorgonia) }
