package layers_test

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// A training step (forward, loss and every gradient) of each recurrent
// layer and of attention allocates nothing once compiled, in both dtypes.
func TestRecurrentRunWithoutAllocating(t *testing.T) {
	if why := allocsUncountable(); why != "" {
		t.Skip(why)
	}
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for name, l := range map[string]layers.Layer{
			"elman": &layers.Elman{Hidden: 8, EveryStep: true},
			"lstm":  &layers.LSTM{Hidden: 8, EveryStep: true},
			"gru":   &layers.GRU{Hidden: 8},
			"mha":   &layers.MultiHeadAttention{Heads: 2, Causal: true},
		} {
			st := newStore(t, dt)
			g := graph.New(graph.WithDtype(dt))
			x := g.Input("x", dt, 4, 6, 4)
			y := l.Forward(layers.NewScope(g, st, true), x)
			loss := ops.Mean(ops.Square(y))
			var wrt []*graph.Node
			for _, e := range st.Params() {
				wrt = append(wrt, g.ByName(e.Name))
			}
			grads, err := autodiff.Grad(loss, wrt...)
			if err != nil {
				t.Fatal(name, err)
			}
			p, err := graph.Compile(append([]*graph.Node{loss}, grads...)...)
			if err != nil {
				t.Fatal(name, err)
			}
			if err := p.Run(graph.Feeds{x: rnnRand(dt, 1, 4, 6, 4)}); err != nil {
				t.Fatal(name, err)
			}
			if n := testing.AllocsPerRun(10, func() { _ = p.Exec() }); n != 0 {
				t.Errorf("%s %v: Exec allocates %v times per run, want 0", name, dt, n)
			}
		}
	}
}

// allocsUncountable says why testing.AllocsPerRun may count allocations
// (the allocation checks of this package are waived when it is not "")
// chainrule does not make, as ops.AllocsUncountable (a test helper of ops)
// does: under the race detector, OpenBLAS calls go through purego, whose
// call frames come from a sync.Pool that -race makes drop Puts at random.
func allocsUncountable() string {
	if s, ok := ops.BLAS.(interface{ String() string }); raceEnabled && ok && strings.HasPrefix(s.String(), "openblas") {
		return "race detector with " + s.String() + ": OpenBLAS calls allocate purego call frames now and then"
	}
	return ""
}

// BenchmarkLSTMStep times a training step (forward, loss, every gradient)
// of an LSTM over [32, 20, 16] with 64 units.
func BenchmarkLSTMStep(b *testing.B) {
	const B, T, In, H = 32, 20, 16, 64
	st, _ := layers.NewStore(tensor.Float32, 1)
	g := graph.New(graph.WithDtype(tensor.Float32))
	x := g.Input("x", tensor.Float32, B, T, In)
	h := (&layers.LSTM{Hidden: H}).Forward(layers.NewScope(g, st, true), x)
	loss := ops.Mean(ops.Square(h))
	var wrt []*graph.Node
	for _, e := range st.Params() {
		wrt = append(wrt, g.ByName(e.Name))
	}
	p := graph.MustCompile(append([]*graph.Node{loss}, autodiff.MustGrad(loss, wrt...)...)...)
	if err := p.Run(graph.Feeds{x: rnnRand(tensor.Float32, 1, B, T, In)}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(p.Steps()), "steps")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = p.Exec()
	}
}

// The work of a training step grows linearly with the sequence length: the
// elements of all the nodes of an unrolled layer's forward and backward
// graph double, not quadruple, when T doubles. (Slicing every step out of
// one product over the whole sequence made it O(T²): each Slice's adjoint
// is a pad to the whole [B, T, G·H].)
func TestRecurrentWorkLinearInT(t *testing.T) {
	elements := func(l layers.Layer, T int) int {
		st := newStore(t, tensor.Float64)
		g := graph.New()
		x := g.Input("x", tensor.Float64, 2, T, 3)
		loss := ops.Sum(l.Forward(layers.NewScope(g, st, true), x))
		var wrt []*graph.Node
		for _, e := range st.Params() {
			wrt = append(wrt, g.ByName(e.Name))
		}
		if _, err := autodiff.Grad(loss, wrt...); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, v := range g.Nodes() {
			n += v.Size()
		}
		return n
	}
	for name, l := range map[string]layers.Layer{
		"elman": &layers.Elman{Hidden: 4}, "lstm": &layers.LSTM{Hidden: 4, EveryStep: true}, "gru": &layers.GRU{Hidden: 4},
	} {
		a, b := elements(l, 16), elements(l, 32)
		if r := float64(b) / float64(a); r > 2.2 {
			t.Errorf("%s: %d graph elements at T = 16, %d at T = 32: ×%.2f, want about ×2", name, a, b, r)
		}
	}
}
