package layers_test

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

func TestAttentionShapesParamsGrads(t *testing.T) {
	const b, T, e = 2, 4, 6
	params := 3*e*e + 3*e + e*e + e
	rnnCheck(t, &layers.MultiHeadAttention{Heads: 2}, []int{b, T, e}, []int{b, T, e}, params)
	rnnCheck(t, &layers.MultiHeadAttention{Heads: 3, Causal: true}, []int{b, T, e}, []int{b, T, e}, params)
	rnnCheck(t, &layers.MultiHeadAttention{Heads: 1}, []int{1, 1, e}, []int{1, 1, e}, params)
	rnnCheck(t, rnnCross{heads: 2, tk: 3}, []int{b, T, e}, []int{b, T, e}, params)
	rnnCheck(t, rnnCross{heads: 2, tk: 3, separate: true}, []int{b, T, e}, []int{b, T, e}, params)
	rnnCheck(t, rnnCross{heads: 3, tk: 2, causal: true}, []int{b, T, e}, []int{b, T, e}, params)
}

// rnnCross attends from x [B, T, E] over a sequence [B, tk, E] made
// from x's first tk steps reversed; with separate, key and value are two
// nodes, so Attend makes three projections instead of two.
type rnnCross struct {
	heads, tk int
	separate  bool
	causal    bool
}

func (c rnnCross) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	var steps []*graph.Node
	for i := c.tk - 1; i >= 0; i-- {
		steps = append(steps, ops.Slice(x, 1, i, i+1))
	}
	kv := ops.Tanh(ops.Concat(1, steps...))
	v := kv
	if c.separate {
		v = ops.Mul(kv, s.Graph().ScalarOf(x.Dtype(), 1))
	}
	return (&layers.MultiHeadAttention{Heads: c.heads, Causal: c.causal}).Attend(s, x, kv, v)
}

// Forward, Attend(x, x, x) and Attend with key and value as two nodes are
// the same function of the same params.
func TestAttentionForms(t *testing.T) {
	const b, T, e = 2, 5, 4
	for _, causal := range []bool{false, true} {
		st := newStore(t, tensor.Float64)
		g := graph.New()
		x := g.Input("x", tensor.Float64, b, T, e)
		s := layers.NewScope(g, st, true).In("att")
		a := &layers.MultiHeadAttention{Heads: 2, Causal: causal}
		self := a.Forward(s, x)
		same3 := a.Attend(s, x, x, x)
		apart := a.Attend(s, x, x, ops.Mul(x, g.Scalar(1)))
		if err := g.Err(); err != nil {
			t.Fatal(err)
		}
		for i, p := range st.Params() {
			copy(p.Value.Raw, rnnRand(tensor.Float64, uint64(30+i), p.Value.Shape()...).Raw)
		}
		prog, err := graph.Compile(self, same3, apart)
		if err != nil {
			t.Fatal(err)
		}
		if err := prog.Run(graph.Feeds{x: rnnRand(tensor.Float64, 4, b, T, e)}); err != nil {
			t.Fatal(err)
		}
		rnnNear(t, "Attend(x, x, x)", prog.Value(same3).Float64s(), prog.Value(self).Float64s(), 1e-14)
		rnnNear(t, "Attend apart", prog.Value(apart).Float64s(), prog.Value(self).Float64s(), 1e-14)
	}
}

// With Causal, position i's output does not depend on the inputs after i:
// changing the last step changes only the last output.
func TestAttentionCausal(t *testing.T) {
	const b, T, e = 1, 4, 4
	st := newStore(t, tensor.Float64)
	g := graph.New()
	x := g.Input("x", tensor.Float64, b, T, e)
	y := (&layers.MultiHeadAttention{Heads: 2, Causal: true}).Forward(layers.NewScope(g, st, false), x)
	prog, err := graph.Compile(y)
	if err != nil {
		t.Fatal(err)
	}
	xv := rnnRand(tensor.Float64, 6, b, T, e)
	if err := prog.Run(graph.Feeds{x: xv}); err != nil {
		t.Fatal(err)
	}
	before := append([]float64(nil), prog.Value(y).Float64s()...)
	for j := 0; j < e; j++ {
		xv.Float64s()[(T-1)*e+j] += 1
	}
	if err := prog.Run(graph.Feeds{x: xv}); err != nil {
		t.Fatal(err)
	}
	after := prog.Value(y).Float64s()
	rnnNear(t, "earlier positions", after[:(T-1)*e], before[:(T-1)*e], 0)
	changed := false
	for j := (T - 1) * e; j < T*e; j++ {
		changed = changed || after[j] != before[j]
	}
	if !changed {
		t.Error("the last position's output ignores its own input")
	}
}

func TestAttentionErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		a       *layers.MultiHeadAttention
		q, k, v []int
		want    string
	}{
		{"rank", &layers.MultiHeadAttention{Heads: 2}, []int{2, 4}, nil, nil, "operand 0 is (2, 4), want a sequence [B, T, E]"},
		{"heads", &layers.MultiHeadAttention{Heads: 4}, []int{2, 3, 6}, nil, nil, "Heads = 4, want >= 1 and dividing the embedding size 6"},
		{"zero heads", &layers.MultiHeadAttention{}, []int{2, 3, 6}, nil, nil, "Heads = 0"},
		{"init", &layers.MultiHeadAttention{Heads: 1, Init: "x"}, []int{2, 3, 6}, nil, nil, `unknown initialiser "x"`},
		{"batch", &layers.MultiHeadAttention{Heads: 1}, []int{2, 3, 6}, []int{3, 3, 6}, []int{3, 3, 6}, "do not match"},
		{"embed", &layers.MultiHeadAttention{Heads: 1}, []int{2, 3, 6}, []int{2, 3, 4}, []int{2, 3, 4}, "do not match"},
		{"kv steps", &layers.MultiHeadAttention{Heads: 1}, []int{2, 3, 6}, []int{2, 4, 6}, []int{2, 5, 6}, "do not match"},
	} {
		g := graph.New()
		s := layers.NewScope(g, newStore(t, tensor.Float64), true).In("att")
		q := g.Input("q", tensor.Float64, c.q...)
		var y *graph.Node
		if c.k == nil {
			y = c.a.Forward(s, q)
		} else {
			y = c.a.Attend(s, q, g.Input("k", tensor.Float64, c.k...), g.Input("v", tensor.Float64, c.v...))
		}
		if !y.Bad() || g.Err() == nil || !strings.Contains(g.Err().Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, g.Err(), c.want)
		}
	}
	g := graph.New()
	if y := (&layers.MultiHeadAttention{Heads: 1}).Forward(layers.NewScope(g, newStore(t, tensor.Float64), true), nil); !y.Bad() {
		t.Error("nil input accepted")
	}
}
