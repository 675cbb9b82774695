package bench

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// W8 is inference: one b.N is one forward pass to the logits, no loss, no
// gradient. W8a is W3's network at batch 1 (latency), W8b at batch 1,024
// (throughput), W8c W6's CNN at batch 1. Each draws its own data and
// weights from its workload's seed (data() draws the inputs first, so the
// weights depend on the batch); every engine gets the same.
//
// The loss reported for the agreement checks is the batch-mean softmax
// cross-entropy of the logits against the drawn labels, computed in float64
// outside the timed pass; it is the same at every step.
var (
	w8a = deep{batch: 1, sizes: w3.sizes, dt: tensor.Float32}
	w8b = deep{batch: 1024, sizes: w3.sizes, dt: tensor.Float32}
	w8c = cnn{batch: 1}
)

// meanCE is the batch-mean softmax cross-entropy of logits [batch, k] (a
// float32 or float64 tensor's data) against labels, in float64.
func meanCE(logits any, labels []int) float64 {
	var z []float64
	switch v := logits.(type) {
	case []float32:
		for _, x := range v {
			z = append(z, float64(x))
		}
	case []float64:
		z = v
	}
	k := len(z) / len(labels)
	var sum float64
	for i, c := range labels {
		row := z[i*k : (i+1)*k]
		m := math.Inf(-1)
		for _, x := range row {
			m = math.Max(m, x)
		}
		var s float64
		for _, x := range row {
			s += math.Exp(x - m)
		}
		sum += math.Log(s) + m - row[c]
	}
	return sum / float64(len(labels))
}

// chainruleForward compiles logits alone (graph.Fast), feeds x once, and
// returns a step running the program and the loss reader.
func chainruleForward(tb testing.TB, logits *graph.Node, feeds graph.Feeds, labels []int) (step, func() float64) {
	prog, err := graph.CompileWith(graph.Fast, logits)
	if err != nil {
		tb.Fatal(err)
	}
	if err := prog.Run(feeds); err != nil {
		tb.Fatal(err)
	}
	noteProgram(prog)
	return prog.Exec, func() float64 { return meanCE(prog.Value(logits).Data(), labels) }
}

// gorgoniaForward returns a step of a tape machine over g, which holds
// logits and no gradient, and the loss reader.
func gorgoniaForward(tb testing.TB, g *G.ExprGraph, logits *G.Node, labels []int) (step, func() float64) {
	m := G.NewTapeMachine(g)
	tb.Cleanup(func() { m.Close() })
	return func() error {
		err := m.RunAll()
		m.Reset()
		return err
	}, func() float64 { return meanCE(logits.Value().Data(), labels) }
}

func (w deep) chainruleInfer(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := graph.New(graph.WithDtype(w.dt))
	X := g.Input("x", w.dt, w.batch, w.sizes[0])
	logits, _ := w.chainruleNet(g, X, ws)
	return chainruleForward(tb, logits, graph.Feeds{X: denseOf(w.dt, x, w.batch, w.sizes[0])}, labels)
}

func (w deep) gorgoniaInfer(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := G.NewGraph()
	logits, _ := w.gorgoniaNet(g, x, ws)
	return gorgoniaForward(tb, g, logits, labels)
}

func (w cnn) chainruleInfer(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := graph.New(graph.WithDtype(tensor.Float32))
	X := g.Input("x", tensor.Float32, w.batch, 1, cnnSide, cnnSide)
	logits, _ := w.chainruleNet(g, X, ws)
	return chainruleForward(tb, logits, graph.Feeds{X: denseOf(tensor.Float32, x, w.batch, 1, cnnSide, cnnSide)}, labels)
}

func (w cnn) gorgoniaInfer(tb testing.TB) (step, func() float64) {
	x, labels, ws := w.data()
	g := G.NewGraph()
	logits, _ := w.gorgoniaNet(g, x, ws)
	return gorgoniaForward(tb, g, logits, labels)
}

func BenchmarkW8a(b *testing.B) { sidesInfer(b, w8a.chainruleInfer, w8a.gorgoniaInfer) }

func BenchmarkW8b(b *testing.B) { sidesInfer(b, w8b.chainruleInfer, w8b.gorgoniaInfer) }

func BenchmarkW8c(b *testing.B) { sidesInfer(b, w8c.chainruleInfer, w8c.gorgoniaInfer) }
