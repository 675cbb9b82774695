package layers_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// rnnTensor is a tensor of testdata/torch_rnn.json, which
// testdata/gen_torch_rnn.py writes with PyTorch 1.13 in float64.
type rnnTensor struct {
	Shape []int
	Data  []float64
}

func (tt rnnTensor) dense() *tensor.Dense {
	return tensor.New(tensor.WithShape(tt.Shape...), tensor.WithBacking(append([]float64(nil), tt.Data...)))
}

// transposed returns a matrix [m, n] of the fixture as [n, m] data.
func (tt rnnTensor) transposed() []float64 {
	m, n := tt.Shape[0], tt.Shape[1]
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			out[j*m+i] = tt.Data[i*n+j]
		}
	}
	return out
}

type rnnCase struct {
	Name, Kind   string
	In, Hidden   int
	Nonlinearity string
	EveryStep    bool `json:"every_step"`
	Embed, Heads int
	Causal       bool

	X, H, C, KV   *rnnTensor
	GradX         *rnnTensor `json:"grad_x"`
	GradH         *rnnTensor `json:"grad_h"`
	GradC         *rnnTensor `json:"grad_c"`
	GradKV        *rnnTensor `json:"grad_kv"`
	Out           *rnnTensor
	COut          *rnnTensor `json:"c_out"`
	ROut          *rnnTensor `json:"r_out"`
	RCOut         *rnnTensor `json:"r_c_out"`
	Params, Grads map[string]rnnTensor
}

func loadTorchRNN(t *testing.T) []rnnCase {
	t.Helper()
	b, err := os.ReadFile("testdata/torch_rnn.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Torch string
		Cases []rnnCase
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal("no cases in testdata/torch_rnn.json")
	}
	return f.Cases
}

// fromTorch maps each of our params to its value from PyTorch's state dict
// (the mapping the layers' docs give) and each of our param grads to the
// PyTorch grad it must equal.
func rnnFromTorch(c rnnCase) (vals, grads map[string][]float64) {
	p, g := c.Params, c.Grads
	add := func(a, b []float64) []float64 {
		out := make([]float64, len(a))
		for i := range a {
			out[i] = a[i] + b[i]
		}
		return out
	}
	if c.Kind == "mha" {
		return map[string][]float64{
				"Wqkv": p["in_proj_weight"].transposed(), "bqkv": p["in_proj_bias"].Data,
				"Wo": p["out_proj.weight"].transposed(), "bo": p["out_proj.bias"].Data,
			}, map[string][]float64{
				"Wqkv": g["in_proj_weight"].transposed(), "bqkv": g["in_proj_bias"].Data,
				"Wo": g["out_proj.weight"].transposed(), "bo": g["out_proj.bias"].Data,
			}
	}
	vals = map[string][]float64{"Wx": p["weight_ih"].transposed(), "Wh": p["weight_hh"].transposed()}
	grads = map[string][]float64{"Wx": g["weight_ih"].transposed(), "Wh": g["weight_hh"].transposed()}
	if c.Kind == "gru" {
		vals["bx"], vals["bh"] = p["bias_ih"].Data, p["bias_hh"].Data
		grads["bx"], grads["bh"] = g["bias_ih"].Data, g["bias_hh"].Data
	} else {
		vals["b"] = add(p["bias_ih"].Data, p["bias_hh"].Data)
		grads["b"] = g["bias_ih"].Data // = grad bias_hh: b enters once
	}
	return vals, grads
}

// build adds case c's layer (cell step, unrolled layer or attention) to g
// for the fixture's inputs and returns its outputs and the inputs.
func buildRNNCase(t *testing.T, c rnnCase, s *layers.Scope) (outs []*graph.Node, in map[string]*graph.Node) {
	t.Helper()
	g := s.Graph()
	in = map[string]*graph.Node{}
	input := func(name string, tt *rnnTensor) *graph.Node {
		if tt == nil {
			return nil
		}
		n := g.Input(name, tensor.Float64, tt.Shape...)
		in[name] = n
		return n
	}
	x, h, cs, kv := input("x", c.X), input("h", c.H), input("c", c.C), input("kv", c.KV)
	act := c.Nonlinearity
	cell := c.H != nil
	switch {
	case c.Kind == "rnn" && cell:
		outs = append(outs, (&layers.ElmanCell{In: c.In, Hidden: c.Hidden, Activation: act}).Step(s, x, h))
	case c.Kind == "lstm" && cell:
		h2, c2 := (&layers.LSTMCell{In: c.In, Hidden: c.Hidden}).Step(s, x, h, cs)
		outs = append(outs, h2, c2)
	case c.Kind == "gru" && cell:
		outs = append(outs, (&layers.GRUCell{In: c.In, Hidden: c.Hidden}).Step(s, x, h))
	case c.Kind == "rnn":
		outs = append(outs, (&layers.Elman{In: c.In, Hidden: c.Hidden, Activation: act, EveryStep: c.EveryStep}).Forward(s, x))
	case c.Kind == "lstm":
		outs = append(outs, (&layers.LSTM{In: c.In, Hidden: c.Hidden, EveryStep: c.EveryStep}).Forward(s, x))
	case c.Kind == "gru":
		outs = append(outs, (&layers.GRU{In: c.In, Hidden: c.Hidden, EveryStep: c.EveryStep}).Forward(s, x))
	case c.Kind == "mha" && kv != nil:
		outs = append(outs, (&layers.MultiHeadAttention{Heads: c.Heads, Causal: c.Causal}).Attend(s, x, kv, kv))
	case c.Kind == "mha":
		outs = append(outs, (&layers.MultiHeadAttention{Heads: c.Heads, Causal: c.Causal}).Forward(s, x))
	default:
		t.Fatalf("%s: unknown kind %q", c.Name, c.Kind)
	}
	return outs, in
}

// The recurrent cells and layers and the attention block equal PyTorch's
// modules, values and gradients, to 1e-10 in float64, with the weights
// mapped as the layers' docs say.
func TestTorchRNN(t *testing.T) {
	for _, c := range loadTorchRNN(t) {
		t.Run(c.Name, func(t *testing.T) {
			st := newStore(t, tensor.Float64)
			g := graph.New()
			s := layers.NewScope(g, st, true)
			outs, in := buildRNNCase(t, c, s)
			rs := []*rnnTensor{c.ROut, c.RCOut}
			wants := []*rnnTensor{c.Out, c.COut}
			var loss *graph.Node
			for i, o := range outs {
				l := ops.Sum(ops.Mul(o, g.Const(rs[i].dense())))
				if loss == nil {
					loss = l
				} else {
					loss = ops.Add(loss, l)
				}
			}
			if err := g.Err(); err != nil {
				t.Fatal(err)
			}
			vals, gradWant := rnnFromTorch(c)
			if st.Len() != len(vals) {
				t.Fatalf("store has %d entries, want %d", st.Len(), len(vals))
			}
			var wrt []*graph.Node
			var wantGrads [][]float64
			var names []string
			for _, e := range st.Entries() {
				v, ok := vals[e.Name]
				if !ok || len(v) != e.Value.Size() {
					t.Fatalf("param %q %v has no PyTorch counterpart of its size", e.Name, e.Value.Shape())
				}
				copy(e.Value.Float64s(), v)
				wrt = append(wrt, g.ByName(e.Name))
				wantGrads = append(wantGrads, gradWant[e.Name])
				names = append(names, e.Name)
			}
			feeds := graph.Feeds{}
			for name, n := range in {
				wrt = append(wrt, n)
				names = append(names, "input "+name)
				tt := map[string]*rnnTensor{"x": c.X, "h": c.H, "c": c.C, "kv": c.KV}[name]
				gt := map[string]*rnnTensor{"x": c.GradX, "h": c.GradH, "c": c.GradC, "kv": c.GradKV}[name]
				feeds[n] = tt.dense()
				wantGrads = append(wantGrads, gt.Data)
			}
			grads, err := autodiff.Grad(loss, wrt...)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := graph.Compile(append(outs, grads...)...)
			if err != nil {
				t.Fatal(err)
			}
			if err := prog.Run(feeds); err != nil {
				t.Fatal(err)
			}
			for i, o := range outs {
				if !o.Shape().Eq(tensor.Shape(wants[i].Shape)) {
					t.Fatalf("output %d shape %v, want %v", i, o.Shape(), wants[i].Shape)
				}
				rnnNear(t, "output", prog.Value(o).Float64s(), wants[i].Data, 1e-10)
			}
			for i, gn := range grads {
				rnnNear(t, "grad of "+names[i], prog.Value(gn).Float64s(), wantGrads[i], 1e-10)
			}
		})
	}
}

func rnnNear(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(got[i] - want[i]); !(d <= tol) {
			t.Fatalf("%s[%d] = %v, want %v (|Δ| = %.3g > %g)", what, i, got[i], want[i], d, tol)
		}
	}
}
