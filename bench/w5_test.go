package bench

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// W5: one gradient-descent step on the lecture's e(w) = w⁴ − 27w² + 14w + 120,
// α = 0.001 (0.1 diverges on this quartic), from w₀ = 5.
const w5LR, w5Start = 0.001, 5.0

func w5chainrule(tb testing.TB) (step, func() float64) {
	g := graph.New()
	w := g.Param("w", tensor.New(tensor.FromScalar(w5Start)))
	e := ops.Add(ops.Add(ops.Sub(ops.Pow(w, 4), ops.Mul(g.Scalar(27), ops.Square(w))), ops.Mul(g.Scalar(14), w)), g.Scalar(120))
	return chainruleStep(tb, e, []*graph.Node{w}, nil, w5LR)
}

func w5gorgonia(tb testing.TB) (step, func() float64) {
	g := G.NewGraph()
	w := G.NewScalar(g, tensor.Float64, G.WithName("w"), G.WithValue(w5Start))
	c := func(v float64) *G.Node { return G.NewConstant(v) }
	e := G.Must(G.Add(G.Must(G.Add(G.Must(G.Sub(G.Must(G.Pow(w, c(4))), G.Must(G.Mul(c(27), G.Must(G.Square(w)))))), G.Must(G.Mul(c(14), w)))), c(120)))
	if _, err := G.Grad(e, w); err != nil {
		tb.Fatal(err)
	}
	m := G.NewTapeMachine(g, G.BindDualValues(w))
	tb.Cleanup(func() { m.Close() })
	solver := G.NewVanillaSolver(G.WithLearnRate(w5LR))
	vg := G.NodesToValueGrads(G.Nodes{w})
	return func() error {
		if err := m.RunAll(); err != nil {
			return err
		}
		err := solver.Step(vg)
		m.Reset()
		return err
	}, func() float64 { return e.Value().Data().(float64) }
}

func BenchmarkW5(b *testing.B) { sides(b, w5chainrule, w5gorgonia) }
