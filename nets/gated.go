package nets

import (
	"math"
	"slices"
	"strconv"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// LSTM is a long short-term memory network (layers.LSTMCell, PyTorch's
// nn.LSTMCell) unrolled over Spec.SeqLen = T steps from h₀ = c₀ = 0, with
// a linear output y_t = h_t·Wy + by:
//
//	z = x_t·Wx + h_{t−1}·Wh + b, gates i, f, g, o in z's four column blocks
//	c_t = σ(f)⊙c_{t−1} + σ(i)⊙tanh(g),  h_t = σ(o)⊙tanh(c_t)
//
// The data layout is the RNN's: a sample is a row of T·F features (step
// t's F = Spec.Inputs at columns t·F … t·F+F−1), the output y_T or, with
// Spec.EveryStep, all y_t side by side [B, T·Outputs] (a target at every
// step: a language model). Spec.Activation is tanh (the cell's is fixed).
//
// Params: "Wx" [F, 4H], "Wh" [H, 4H], "b" [4H] (the cell's, gate order
// i, f, g, o; Glorot weights, and b zero but for the forget gate's block,
// which starts at 1 so that the memory is kept from the first step), "Wy"
// [H, Outputs], "by" [Outputs].
type LSTM struct{ base }

// GRU is a gated recurrent unit network (layers.GRUCell, PyTorch's
// nn.GRUCell) unrolled over Spec.SeqLen steps from h₀ = 0, with the RNN's
// data layout and linear output y_t = h_t·Wy + by.
//
// Params: "Wx" [F, 3H], "Wh" [H, 3H], "bx" [3H], "bh" [3H] (the cell's,
// gate order r, z, n), "Wy" [H, Outputs], "by" [Outputs].
type GRU struct{ base }

var (
	_ Network = (*LSTM)(nil)
	_ Network = (*GRU)(nil)
)

func gatedLayers(s Spec) layers.Layer {
	return &gatedLayer{Cell: string(s.Kind), Inputs: s.Inputs, Hidden: s.Hidden[0], Upper: append([]int(nil), s.Hidden[1:]...),
		Outputs: s.Outputs, SeqLen: s.SeqLen, EveryStep: s.EveryStep, Dropout: s.Dropout}
}

// gatedLayer is the LSTM or GRU network as a layer, registered with layers
// as "nets.Gated": its input is a row of SeqLen·Inputs features, its
// output y_T [B, Outputs] or, with EveryStep, [B, SeqLen·Outputs]. With
// EveryStep the states are stacked and projected by one product, [B·T, H]
// by Wy. Upper stacks more layers of the same cell on the first, layer k
// (2, 3, …) reading the states h_t of the one below at every step, its
// params and states in the scope "K" (params Wx2, Wh2, b2, …). With Dropout > 0 a training
// build drops the states the output layer reads and those a layer reads
// from the one below (layers.Dropout; not the recurrent ones, which carry
// the memory: Zaremba, Sutskever and Vinyals, 2014). In a build that
// carries state (layers.Scope.SetCarry) each layer's first h and c are the
// carried inputs "h" and "c" [B, its size] and its last ones their finals.
type gatedLayer struct {
	Cell                            string // "lstm" or "gru"
	Inputs, Hidden, Outputs, SeqLen int
	Upper                           []int `json:",omitempty"` // sizes of the layers stacked on the first
	EveryStep                       bool
	Dropout                         float64
}

func init() { layers.Register("nets.Gated", &gatedLayer{}) }

// gatedStep returns one step of the cell of kind with in inputs and hid
// units, its params in s, and nil for another kind.
func gatedStep(s *layers.Scope, kind Kind, in, hid int) func(x, h, c *graph.Node) (*graph.Node, *graph.Node) {
	switch kind {
	case KindLSTM:
		cell := &layers.LSTMCell{In: in, Hidden: hid, Init: "glorot"}
		return func(x, h, c *graph.Node) (*graph.Node, *graph.Node) { return cell.Step(s, x, h, c) }
	case KindGRU:
		cell := &layers.GRUCell{In: in, Hidden: hid, Init: "glorot"}
		return func(x, h, _ *graph.Node) (*graph.Node, *graph.Node) { return cell.Step(s, x, h), nil }
	}
	return nil
}

// layerScope returns the scope of layer k (0-based) of a stack: the root
// for the first, "2", "3", … for the others (their params "2.Wx", which
// Network.Params names "Wx2" as the lecture numbers layers).
func layerScope(s *layers.Scope, k int) *layers.Scope {
	if k == 0 {
		return s
	}
	return s.In(strconv.Itoa(k + 1))
}

// Forward unrolls the cells over the sequence.
func (l *gatedLayer) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	op := "nets." + l.Cell
	f, o, n := l.Inputs, l.Outputs, l.SeqLen
	sizes := append([]int{l.Hidden}, l.Upper...)
	if f < 1 || o < 1 || n < 1 || slices.Min(sizes) < 1 {
		return s.Fail(op, errors.Errorf("inputs %d, hidden %v, outputs %d, seq_len %d: want each >= 1", f, sizes, o, n), x)
	}
	if f > math.MaxInt/n {
		return s.Fail(op, errors.Errorf("%d steps of %d inputs are more than an int can count", n, f), x)
	}
	sh := x.Shape()
	if len(sh) != 2 || sh[1] != f*n {
		return s.Fail(op, errors.Errorf("input %v, want [B, %d] (%d steps of %d features)", sh, f*n, n, f), x)
	}
	kind := Kind(l.Cell)
	if kind != KindLSTM && kind != KindGRU {
		return s.Fail("nets.Gated", errors.Errorf("cell %q, want lstm or gru", l.Cell), x)
	}
	drop := func(s *layers.Scope, x *graph.Node) *graph.Node {
		if l.Dropout == 0 {
			return x
		}
		return (&layers.Dropout{P: l.Dropout}).Forward(s, x)
	}
	var below []*graph.Node // the layer below's h_t, nil for the first
	var st *graph.Node
	in := f
	for k, h := range sizes {
		sk := layerScope(s, k)
		step := gatedStep(sk, kind, in, h)
		if k > 0 && l.Dropout > 0 { // drop what this layer reads from the one below
			d := drop(sk, ops.Reshape(ops.Stack(1, below...), sh[0], n*in))
			for t := range below {
				below[t] = ops.Slice(d, 1, t*in, (t+1)*in)
			}
		}
		// In a build that carries state (Config.Stateful) the first h (and
		// c) are inputs, the last ones its finals; otherwise both start at
		// zero.
		h0 := sk.CarryIn("h", sh[0], h)
		var c0 *graph.Node
		if kind == KindLSTM {
			c0 = sk.CarryIn("c", sh[0], h)
		}
		var c *graph.Node
		st, c = h0, c0
		hs := make([]*graph.Node, 0, n)
		for t := 0; t < n; t++ {
			xt := ops.Slice(x, 1, t*f, (t+1)*f)
			if k > 0 {
				xt = below[t]
			}
			st, c = step(xt, st, c)
			if l.EveryStep || k+1 < len(sizes) {
				hs = append(hs, st)
			}
		}
		sk.CarryOut(h0, st)
		sk.CarryOut(c0, c)
		below, in = hs, h
	}
	h := in
	wy, by := s.Param("Wy", layers.Glorot, h, o), s.Param("by", layers.Zeros, o)
	if !l.EveryStep || n == 1 {
		return affine(drop(s, st), wy, by)
	}
	all := ops.Reshape(ops.Stack(1, below...), sh[0]*n, h) // [B·T, H], rows b·T + t
	return ops.Reshape(affine(drop(s, all), wy, by), sh[0], n*o)
}

// initForgetBias sets the forget gate's block of every LSTM layer's b
// ("b", "2.b", …), columns H … 2H−1 of a layer of H units, to 1 (Gers,
// Schmidhuber and Cummins, 2000; Jozefowicz et al., 2015): with a zero bias
// the forget gate starts half closed, and the gradient through the memory
// halves at every step.
func initForgetBias(m *layers.Model, sizes []int) {
	for k, h := range sizes {
		name := "b"
		if k > 0 {
			name = strconv.Itoa(k+1) + ".b"
		}
		e := m.Store().Lookup(name)
		if e == nil {
			continue
		}
		switch e.Value.Dtype() {
		case tensor.Float32:
			for i := h; i < 2*h; i++ {
				e.Value.Float32s()[i] = 1
			}
		default:
			for i := h; i < 2*h; i++ {
				e.Value.Float64s()[i] = 1
			}
		}
	}
}
