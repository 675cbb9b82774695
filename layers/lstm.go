package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// LSTMCell is one step of a long short-term memory, PyTorch's nn.LSTMCell:
// for x [B, In] and the states h, c [B, H],
//
//	z = x·Wx + h·Wh + b                      [B, 4H], gates in columns
//	i = σ(z[0:H])    f = σ(z[H:2H])          input and forget gates
//	g = tanh(z[2H:3H])  o = σ(z[3H:4H])      candidate and output gate
//	c' = f⊙c + i⊙g   h' = o⊙tanh(c')
//
// Params: "Wx" [In, 4H] and "Wh" [H, 4H] (Glorot, or Init), "b" [4H]
// (zeros), in that order. The gate order is PyTorch's (i, f, g, o), so the
// weights map by a transpose, and the two biases fuse into one:
//
//	from PyTorch: Wx = weight_ihᵀ, Wh = weight_hhᵀ, b = bias_ih + bias_hh
//	to PyTorch:   weight_ih = Wxᵀ, weight_hh = Whᵀ, bias_ih = b, bias_hh = 0
//
// (only the sum of the two biases matters). Keras's LSTM has the same gate
// order (i, f, c, o) and layout (kernel [In, 4H], recurrent_kernel [H, 4H],
// one bias [4H]): its weights load as they are.
type LSTMCell struct {
	In     int    // input features; 0 takes x's last dimension
	Hidden int    // state size H, >= 1
	Init   string // Wx's and Wh's initialiser (see InitByName)
}

// Step returns the new states h', c' for input x [B, In] and states h, c
// [B, H]; a nil state is zeros.
func (l *LSTMCell) Step(s *Scope, x, h, c *graph.Node) (h2, c2 *graph.Node) {
	in, bad := checkStep(s, "LSTMCell", x, l.In, l.Hidden, h, c)
	if bad != nil {
		return bad, bad
	}
	wx, wh, b, bad := l.params(s, in, x)
	if bad != nil {
		return bad, bad
	}
	return l.recur(ops.Add(ops.MatMul(x, wx), b), h, c, wh)
}

func (l *LSTMCell) params(s *Scope, in int, x *graph.Node) (wx, wh, b, bad *graph.Node) {
	init, bad := initOf(s, "LSTM", l.Init, x)
	if bad != nil {
		return nil, nil, nil, bad
	}
	g := 4 * l.Hidden
	wx, wh, b = s.Param("Wx", init, in, g), s.Param("Wh", init, l.Hidden, g), s.Param("b", Zeros, g)
	return wx, wh, b, firstBad(wx, wh, b)
}

// recur returns h', c' for xw = x·Wx + b [B, 4H].
func (l *LSTMCell) recur(xw, h, c, wh *graph.Node) (h2, c2 *graph.Node) {
	n := l.Hidden
	z := xw
	if h != nil {
		z = ops.Add(z, ops.MatMul(h, wh))
	}
	i := ops.Sigmoid(gate(z, 0, n))
	g := ops.Tanh(gate(z, 2, n))
	o := ops.Sigmoid(gate(z, 3, n))
	c2 = ops.Mul(i, g)
	if c != nil {
		c2 = ops.Add(ops.Mul(ops.Sigmoid(gate(z, 1, n)), c), c2)
	}
	return ops.Mul(o, ops.Tanh(c2)), c2
}

// LSTM is LSTMCell unrolled over the T steps of a sequence x [B, T, In]
// from h₀ = c₀ = 0: PyTorch's nn.LSTM with batch_first=True (one layer,
// unidirectional; weight_ih_l0 etc. map as LSTMCell's). It returns h_T
// [B, H], or every h_t, [B, T, H], with EveryStep. Params as LSTMCell's.
type LSTM struct {
	In        int    // input features; 0 takes x's last dimension
	Hidden    int    // state size H, >= 1
	EveryStep bool   // return every step's h, [B, T, H], not the last
	Init      string // Wx's and Wh's initialiser (see InitByName)
}

// Forward unrolls the recurrence over x's steps.
func (l *LSTM) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x != nil && x.Bad() {
		return x
	}
	_, t, in, bad := checkSeq(s, "LSTM", x, l.In, l.Hidden)
	if bad != nil {
		return bad
	}
	cell := &LSTMCell{In: l.In, Hidden: l.Hidden, Init: l.Init}
	wx, wh, b, bad := cell.params(s, in, x)
	if bad != nil {
		return bad
	}
	hs := make([]*graph.Node, 0, t)
	var h, c *graph.Node
	for i := 0; i < t; i++ {
		h, c = cell.recur(ops.Add(ops.MatMul(stepOf(x, i), wx), b), h, c, wh)
		hs = append(hs, h)
	}
	return outputs(hs, l.EveryStep)
}
