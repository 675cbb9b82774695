package bench

import (
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// step is one training step: forward, backward and the parameter update.
type step func() error

// mlp describes a sigmoid MLP workload under E = ½Σ(t − o)².
type mlp struct {
	batch, in, hidden, out int
	lr                     float64
}

// data returns the seeded inputs, targets and initial weights shared by both
// engines: W1 [in, hidden], b1 [hidden], W2 [hidden, out], b2 [out].
func (w mlp) data() (x, t []float64, ws [4][]float64) {
	rng := rand.New(rand.NewPCG(42, 42))
	u := func(n int, s float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = s * (2*rng.Float64() - 1)
		}
		return v
	}
	x = u(w.batch*w.in, 1)
	t = make([]float64, w.batch*w.out)
	for i := 0; i < w.batch; i++ {
		t[i*w.out+rng.IntN(w.out)] = 1
	}
	ws = [4][]float64{u(w.in*w.hidden, 0.05), u(w.hidden, 0.05), u(w.hidden*w.out, 0.1), u(w.out, 0.1)}
	return
}

func dense64(v []float64, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), v...)))
}

// chainrule returns a step and a loss reader for the workload.
func (w mlp) chainrule(tb testing.TB) (step, func() float64) {
	x, t, ws := w.data()
	g := graph.New()
	X, T := g.Input("x", tensor.Float64, w.batch, w.in), g.Input("t", tensor.Float64, w.batch, w.out)
	W1, B1 := g.Param("W1", dense64(ws[0], w.in, w.hidden)), g.Param("b1", dense64(ws[1], w.hidden))
	W2, B2 := g.Param("W2", dense64(ws[2], w.hidden, w.out)), g.Param("b2", dense64(ws[3], w.out))
	o := ops.Sigmoid(ops.Add(ops.MatMul(ops.Sigmoid(ops.Add(ops.MatMul(X, W1), B1)), W2), B2))
	E := ops.Mul(g.Scalar(0.5), ops.Sum(ops.Square(ops.Sub(T, o))))
	params := []*graph.Node{W1, B1, W2, B2}
	d, err := autodiff.Grad(E, params...)
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := graph.Compile(append([]*graph.Node{E}, d...)...)
	if err != nil {
		tb.Fatal(err)
	}
	if err := prog.Run(graph.Feeds{X: dense64(x, w.batch, w.in), T: dense64(t, w.batch, w.out)}); err != nil {
		tb.Fatal(err)
	}
	pv, gv := make([]*tensor.Dense, len(params)), make([]*tensor.Dense, len(params))
	for i, p := range params {
		pv[i], gv[i] = p.Value(), prog.Value(d[i])
	}
	sgd := &solvers.SGD{Options: solvers.Options{LR: w.lr}}
	return func() error {
			if err := prog.Exec(); err != nil {
				return err
			}
			return sgd.Step(pv, gv)
		}, func() float64 {
			return prog.Value(E).Float64s()[0]
		}
}

func (w mlp) gorgonia(tb testing.TB) (step, func() float64) {
	x, t, ws := w.data()
	g := G.NewGraph()
	mk := func(name string, v []float64, shape ...int) *G.Node {
		return G.NewTensor(g, tensor.Float64, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(dense64(v, shape...)))
	}
	X, T := mk("x", x, w.batch, w.in), mk("t", t, w.batch, w.out)
	W1, B1, W2, B2 := mk("W1", ws[0], w.in, w.hidden), mk("b1", ws[1], w.hidden), mk("W2", ws[2], w.hidden, w.out), mk("b2", ws[3], w.out)
	h := G.Must(G.Sigmoid(G.Must(G.BroadcastAdd(G.Must(G.Mul(X, W1)), B1, nil, []byte{0}))))
	o := G.Must(G.Sigmoid(G.Must(G.BroadcastAdd(G.Must(G.Mul(h, W2)), B2, nil, []byte{0}))))
	E := G.Must(G.Mul(G.NewConstant(0.5), G.Must(G.Sum(G.Must(G.Square(G.Must(G.Sub(T, o))))))))
	params := G.Nodes{W1, B1, W2, B2}
	if _, err := G.Grad(E, params...); err != nil {
		tb.Fatal(err)
	}
	m := G.NewTapeMachine(g, G.BindDualValues(params...))
	tb.Cleanup(func() { m.Close() })
	solver := G.NewVanillaSolver(G.WithLearnRate(w.lr))
	vg := G.NodesToValueGrads(params)
	return func() error {
			if err := m.RunAll(); err != nil {
				return err
			}
			err := solver.Step(vg)
			m.Reset()
			return err
		}, func() float64 {
			return E.Value().Data().(float64)
		}
}

// run times one step per b.N iteration after checking that the loss falls.
func run(b *testing.B, s step, loss func() float64) {
	b.Helper()
	if err := s(); err != nil {
		b.Fatal(err)
	}
	first := loss()
	for i := 0; i < 5; i++ {
		if err := s(); err != nil {
			b.Fatal(err)
		}
	}
	if last := loss(); !(last < first) {
		b.Fatalf("loss did not fall: %v then %v", first, last)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s(); err != nil {
			b.Fatal(err)
		}
	}
}

// W1: 784-128-10 sigmoid MLP, ½SSE, batch 32, float64.
var w1 = mlp{batch: 32, in: 784, hidden: 128, out: 10, lr: 0.1}

func BenchmarkW1(b *testing.B) {
	b.Run("chainrule", func(b *testing.B) { s, l := w1.chainrule(b); run(b, s, l) })
	b.Run("gorgonia", func(b *testing.B) { s, l := w1.gorgonia(b); run(b, s, l) })
}
