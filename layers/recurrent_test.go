package layers_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/ops"
)

// randDense returns a tensor of uniform values in [−1, 1) from a seeded
// generator.
func rnnRand(dt tensor.Dtype, seed uint64, dims ...int) *tensor.Dense {
	r := rand.New(rand.NewPCG(seed, 7))
	t := tensor.New(tensor.WithShape(dims...), tensor.Of(dt))
	if dt == tensor.Float32 {
		for i, s := 0, t.Float32s(); i < len(s); i++ {
			s[i] = float32(2*r.Float64() - 1)
		}
		return t
	}
	for i, s := 0, t.Float64s(); i < len(s); i++ {
		s[i] = 2*r.Float64() - 1
	}
	return t
}

// checkLayer builds l over an input of shape in, checks the output's shape
// and the store's param count, and gradient-checks sum(out·w) for a random w
// with respect to the input and every param, in float64 and float32.
func rnnCheck(t *testing.T, l layers.Layer, in, out []int, params int) {
	t.Helper()
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		st := newStore(t, dt)
		g := graph.New()
		x := g.Input("x", dt, in...)
		y := l.Forward(layers.NewScope(g, st, true), x)
		if err := g.Err(); err != nil {
			t.Fatalf("%v: %v", dt, err)
		}
		if !y.Shape().Eq(tensor.Shape(out)) {
			t.Fatalf("%v: output %v, want %v", dt, y.Shape(), out)
		}
		if st.NumParams() != params {
			t.Fatalf("%v: %d params, want %d", dt, st.NumParams(), params)
		}
		// Biases start at zero: give them values so their gradients count.
		for i, e := range st.Params() {
			r := rnnRand(dt, uint64(10+i), e.Value.Shape()...)
			copy(e.Value.Raw, r.Raw)
		}
		loss := ops.Sum(ops.Mul(y, g.Const(rnnRand(dt, 2, out...))))
		wrt := []*graph.Node{x}
		for _, e := range st.Params() {
			wrt = append(wrt, g.ByName(e.Name))
		}
		res, err := autodiff.CheckGrad(loss, wrt, &autodiff.CheckOptions{Feeds: graph.Feeds{x: rnnRand(dt, 1, in...)}})
		if err != nil {
			t.Fatalf("%v: %v", dt, err)
		}
		tol := map[tensor.Dtype]float64{tensor.Float64: 1e-6, tensor.Float32: 1e-2}[dt]
		if res.MaxError > tol || res.Checked == 0 {
			t.Errorf("%v: worst gradient error %.3g (> %g) at %s[%d]: autodiff %v, numeric %v (%d checked)",
				dt, res.MaxError, tol, res.Node.Name(), res.Index, res.Analytic, res.Numeric, res.Checked)
		}
	}
}

func TestRecurrentShapesParamsGrads(t *testing.T) {
	const b, T, in, h = 2, 4, 3, 5
	for _, c := range []struct {
		name   string
		l      layers.Layer
		out    []int
		params int
	}{
		{"elman", &layers.Elman{Hidden: h}, []int{b, h}, in*h + h*h + h},
		{"elman every relu", &layers.Elman{In: in, Hidden: h, EveryStep: true, Activation: "relu"}, []int{b, T, h}, in*h + h*h + h},
		{"elman sigmoid", &layers.Elman{Hidden: h, Activation: "sigmoid"}, []int{b, h}, in*h + h*h + h},
		{"lstm", &layers.LSTM{Hidden: h}, []int{b, h}, 4 * (in*h + h*h + h)},
		{"lstm every", &layers.LSTM{In: in, Hidden: h, EveryStep: true}, []int{b, T, h}, 4 * (in*h + h*h + h)},
		{"gru", &layers.GRU{Hidden: h}, []int{b, h}, 3 * (in*h + h*h + 2*h)},
		{"gru every", &layers.GRU{Hidden: h, EveryStep: true, Init: "he"}, []int{b, T, h}, 3 * (in*h + h*h + 2*h)},
		{"lstm, attention, gru", rnnChain{&layers.LSTM{Hidden: 4, EveryStep: true}, &layers.MultiHeadAttention{Heads: 2, Causal: true}, &layers.GRU{Hidden: h}},
			[]int{b, h}, 4*(in*4+4*4+4) + (3*4*4 + 3*4 + 4*4 + 4) + 3*(4*h+h*h+2*h)},
	} {
		t.Run(c.name, func(t *testing.T) { rnnCheck(t, c.l, []int{b, T, in}, c.out, c.params) })
	}
}

// rnnChain is a composition: each layer in a scope of its own ("0", "1", ...),
// the output of one the input of the next.
type rnnChain []layers.Layer

func (c rnnChain) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	for i, l := range c {
		x = l.Forward(s.In(string(rune('0'+i))), x)
	}
	return x
}

// rnnCellLayer wraps a cell's step as a layer of an input [B, In + 2H]: the
// input, h and c side by side, so that checkLayer checks the gradients
// with respect to the states too.
type rnnCellLayer struct {
	kind  string
	in, h int
}

func (c rnnCellLayer) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	if c.kind == "bad state" {
		return (&layers.ElmanCell{Hidden: c.h}).Step(s, x, x)
	}
	xi := ops.Slice(x, 1, 0, c.in)
	h := ops.Slice(x, 1, c.in, c.in+c.h)
	cs := ops.Slice(x, 1, c.in+c.h, c.in+2*c.h)
	switch c.kind {
	case "elman":
		return (&layers.ElmanCell{Hidden: c.h}).Step(s, xi, h)
	case "gru":
		return (&layers.GRUCell{In: c.in, Hidden: c.h}).Step(s, xi, h)
	case "gru0":
		return (&layers.GRUCell{Hidden: c.h}).Step(s, xi, nil)
	case "lstm0":
		h2, c2 := (&layers.LSTMCell{Hidden: c.h}).Step(s, xi, nil, nil)
		return ops.Concat(1, h2, c2)
	}
	h2, c2 := (&layers.LSTMCell{Hidden: c.h}).Step(s, xi, h, cs)
	return ops.Concat(1, h2, c2)
}

func TestCellShapesParamsGrads(t *testing.T) {
	const b, in, h = 3, 2, 4
	x := []int{b, in + 2*h}
	rnnCheck(t, rnnCellLayer{"elman", in, h}, x, []int{b, h}, in*h+h*h+h)
	rnnCheck(t, rnnCellLayer{"lstm", in, h}, x, []int{b, 2 * h}, 4*(in*h+h*h+h))
	rnnCheck(t, rnnCellLayer{"gru", in, h}, x, []int{b, h}, 3*(in*h+h*h+2*h))
	// A nil state is zeros: Wh gets no gradient then, but is still created,
	// so that a cell's params do not depend on its state.
	rnnCheck(t, rnnCellLayer{"lstm0", in, h}, x, []int{b, 2 * h}, 4*(in*h+h*h+h))
	rnnCheck(t, rnnCellLayer{"gru0", in, h}, x, []int{b, h}, 3*(in*h+h*h+2*h))
}

// A cell stepped by hand over a sequence gives what the unrolled layer
// gives, with the same params: the layer is the cell unrolled.
func TestLayerIsCellUnrolled(t *testing.T) {
	const b, T, in, h = 2, 3, 3, 4
	xv := rnnRand(tensor.Float64, 5, b, T, in)
	for _, kind := range []string{"elman", "lstm", "gru"} {
		st := newStore(t, tensor.Float64)
		g := graph.New()
		x := g.Input("x", tensor.Float64, b, T, in)
		ls := layers.NewScope(g, st, true).In("rnn")
		cs := ls // one build: the cell's and the layer's params are the same nodes
		var layer *graph.Node
		var hs []*graph.Node
		var hh, cc *graph.Node
		for i := 0; i < T; i++ {
			xt := ops.Reshape(ops.Slice(x, 1, i, i+1), b, in)
			switch kind {
			case "elman":
				hh = (&layers.ElmanCell{Hidden: h}).Step(cs, xt, hh)
			case "lstm":
				hh, cc = (&layers.LSTMCell{Hidden: h}).Step(cs, xt, hh, cc)
			case "gru":
				hh = (&layers.GRUCell{Hidden: h}).Step(cs, xt, hh)
			}
			hs = append(hs, hh)
		}
		switch kind {
		case "elman":
			layer = (&layers.Elman{Hidden: h, EveryStep: true}).Forward(ls, x)
		case "lstm":
			layer = (&layers.LSTM{Hidden: h, EveryStep: true}).Forward(ls, x)
		case "gru":
			layer = (&layers.GRU{Hidden: h, EveryStep: true}).Forward(ls, x)
		}
		for i, e := range st.Params() {
			copy(e.Value.Raw, rnnRand(tensor.Float64, uint64(20+i), e.Value.Shape()...).Raw)
		}
		cell := ops.Stack(1, hs...)
		prog, err := graph.Compile(layer, cell)
		if err != nil {
			t.Fatal(kind, err)
		}
		if err := prog.Run(graph.Feeds{x: xv}); err != nil {
			t.Fatal(kind, err)
		}
		rnnNear(t, kind, prog.Value(layer).Float64s(), prog.Value(cell).Float64s(), 1e-14)
	}
}

// Elman with nets.RNN's seed gets nets.RNN's weights bit for bit, and, under
// nets.RNN's output layer, computes nets.RNN's outputs bit for bit: nets can
// become a composition of layers without changing a result.
func TestElmanMatchesNetsRNN(t *testing.T) {
	const b, T, f, h, out = 3, 4, 2, 5, 2
	for _, dt := range []nets.Dtype{nets.Float64, nets.Float32} {
		for _, every := range []bool{false, true} {
			net, err := nets.New(nets.Spec{Kind: nets.KindRNN, Inputs: f, Hidden: []int{h}, Outputs: out,
				SeqLen: T, EveryStep: every, Dtype: dt}, 9)
			if err != nil {
				t.Fatal(err)
			}
			tdt := tensor.Float64
			if dt == nets.Float32 {
				tdt = tensor.Float32
			}
			st, err := layers.NewStore(tdt, 9)
			if err != nil {
				t.Fatal(err)
			}
			g := graph.New()
			x := g.Input("x", tdt, b, T, f)
			hs := (&layers.Elman{Hidden: h, EveryStep: every}).Forward(layers.NewScope(g, st, true), x)
			np := net.Params()
			var p []*graph.Node
			for i, q := range np {
				if i < 3 && !same(q.Value, st.Params()[i].Value) {
					t.Fatalf("%v: param %s differs from nets' %s", dt, st.Params()[i].Name, q.Name)
				}
				p = append(p, g.Param("nets."+q.Name, q.Value))
			}
			y := ops.Add(ops.MatMul(ops.Reshape(hs, -1, h), p[3]), p[4])
			y = ops.Reshape(y, b, -1)
			prog, err := graph.Compile(y)
			if err != nil {
				t.Fatal(err)
			}
			xv := rnnRand(tdt, 3, b, T, f)
			if err := prog.Run(graph.Feeds{x: xv}); err != nil {
				t.Fatal(err)
			}
			// nets.RNN's logits: its evaluation program under an MSE head
			// (whose output is the identity), fed the same rows [B, T·F].
			c, err := nets.Compile(nets.WithHead(net.Layers(), nets.Head{Loss: nets.MSE}), b, false)
			if err != nil {
				t.Fatal(err)
			}
			copy(c.XBuf.Raw, xv.Raw)
			if err := c.Prog.Exec(); err != nil {
				t.Fatal(err)
			}
			if want := c.Prog.Value(c.Output); !same(prog.Value(y), want) {
				t.Errorf("%v every=%v: outputs differ from nets.RNN's:\n%v\n%v", dt, every, prog.Value(y), want)
			}
		}
	}
}

func TestRecurrentErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		l    layers.Layer
		in   []int
		want string
	}{
		{"rank", &layers.LSTM{Hidden: 2}, []int{2, 3}, "want a sequence [B, T, In]"},
		{"in", &layers.GRU{In: 4, Hidden: 2}, []int{2, 3, 3}, "has 3 features, want In = 4"},
		{"hidden", &layers.Elman{}, []int{2, 3, 3}, "Hidden = 0"},
		{"activation", &layers.Elman{Hidden: 2, Activation: "gelu"}, []int{2, 3, 3}, `activation "gelu"`},
		{"init", &layers.LSTM{Hidden: 2, Init: "orthogonal"}, []int{2, 3, 3}, `unknown initialiser "orthogonal"`},
		{"state", rnnCellLayer{"bad state", 3, 2}, []int{2, 3}, "state 0 is (2, 3), want [2, 2]"},
	} {
		st := newStore(t, tensor.Float64)
		g := graph.New()
		x := g.Input("x", tensor.Float64, c.in...)
		y := c.l.Forward(layers.NewScope(g, st, true).In("rnn"), x)
		if !y.Bad() || g.Err() == nil || !strings.Contains(g.Err().Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, g.Err(), c.want)
		}
	}
	// A store holding a param of another shape (another Hidden) is an
	// error, not a panic.
	st := newStore(t, tensor.Float64)
	for i, l := range []layers.Layer{&layers.Elman{Hidden: 2}, &layers.Elman{Hidden: 3}, &layers.LSTM{Hidden: 3}, &layers.GRU{Hidden: 3}} {
		g := graph.New()
		y := l.Forward(layers.NewScope(g, st, true), g.Input("x", tensor.Float64, 2, 3, 3))
		if i > 0 && (!y.Bad() || !strings.Contains(g.Err().Error(), `"Wx" has shape`)) {
			t.Errorf("layer %d over a store of another shape: error %v", i, g.Err())
		}
	}
	// A nil input is an error, not a panic.
	g := graph.New()
	if y := (&layers.LSTM{Hidden: 2}).Forward(layers.NewScope(g, newStore(t, tensor.Float64), true), nil); !y.Bad() {
		t.Error("nil input accepted")
	}
	h, c := (&layers.LSTMCell{Hidden: 2}).Step(layers.NewScope(g, newStore(t, tensor.Float64), true), nil, nil, nil)
	if !h.Bad() || !c.Bad() {
		t.Error("nil cell input accepted")
	}
}
