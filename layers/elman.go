package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// ElmanCell is one step of Elman's recurrence,
//
//	h' = f(x·Wx + h·Wh + b)   (f = tanh by default)
//
// for x [B, In] and h [B, H]: nets.RNN's hidden step and PyTorch's
// nn.RNNCell. Params: "Wx" [In, H] and "Wh" [H, H] (Glorot, or Init), "b"
// [H] (zeros), created in that order, as nets.RNN creates them.
//
// From PyTorch: Wx = weight_ihᵀ, Wh = weight_hhᵀ, b = bias_ih + bias_hh.
// To PyTorch: weight_ih = Wxᵀ, weight_hh = Whᵀ, bias_ih = b, bias_hh = 0
// (only the sum of the two biases matters).
type ElmanCell struct {
	In         int    // input features; 0 takes x's last dimension
	Hidden     int    // state size H, >= 1
	Activation string // f: "" or "tanh", "relu" (nn.RNN's two), "sigmoid"
	Init       string // Wx's and Wh's initialiser (see InitByName)
}

// Step returns h' for input x [B, In] and state h [B, H]; a nil h is zeros.
func (c *ElmanCell) Step(s *Scope, x, h *graph.Node) *graph.Node {
	in, bad := checkStep(s, "ElmanCell", x, c.In, c.Hidden, h)
	if bad != nil {
		return bad
	}
	wx, wh, b, bad := c.params(s, in, x)
	if bad != nil {
		return bad
	}
	return c.recur(ops.MatMul(x, wx), h, wh, b)
}

func (c *ElmanCell) params(s *Scope, in int, x *graph.Node) (wx, wh, b, bad *graph.Node) {
	switch c.Activation {
	case "", "tanh", "relu", "sigmoid":
	default:
		return nil, nil, nil, s.Fail("Elman", errors.Errorf("activation %q, want tanh, relu or sigmoid", c.Activation), x)
	}
	init, bad := initOf(s, "Elman", c.Init, x)
	if bad != nil {
		return nil, nil, nil, bad
	}
	wx, wh, b = s.Param("Wx", init, in, c.Hidden), s.Param("Wh", init, c.Hidden, c.Hidden), s.Param("b", Zeros, c.Hidden)
	return wx, wh, b, firstBad(wx, wh, b)
}

// recur returns f(xw + h·Wh + b) for xw = x·Wx, adding in nets.RNN's order
// so that the same weights give the same bits.
func (c *ElmanCell) recur(xw, h, wh, b *graph.Node) *graph.Node {
	z := xw
	if h != nil {
		z = ops.Add(z, ops.MatMul(h, wh))
	}
	z = ops.Add(z, b)
	switch c.Activation {
	case "relu":
		return ops.ReLU(z)
	case "sigmoid":
		return ops.Sigmoid(z)
	}
	return ops.Tanh(z)
}

// Elman is Elman's recurrent layer, ElmanCell unrolled over the T steps of
// a sequence x [B, T, In] from h₀ = 0: PyTorch's nn.RNN with
// batch_first=True (one layer, unidirectional) and nets.RNN's hidden
// recurrence. It returns h_T [B, H], or every h_t, [B, T, H], with
// EveryStep. Params as ElmanCell's.
type Elman struct {
	In         int    // input features; 0 takes x's last dimension
	Hidden     int    // state size H, >= 1
	Activation string // "" or "tanh", "relu", "sigmoid"
	EveryStep  bool   // return every step's state, [B, T, H], not the last
	Init       string // Wx's and Wh's initialiser (see InitByName)
}

// Forward unrolls the recurrence over x's steps.
func (l *Elman) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x != nil && x.Bad() {
		return x
	}
	_, t, in, bad := checkSeq(s, "Elman", x, l.In, l.Hidden)
	if bad != nil {
		return bad
	}
	c := &ElmanCell{In: l.In, Hidden: l.Hidden, Activation: l.Activation, Init: l.Init}
	wx, wh, b, bad := c.params(s, in, x)
	if bad != nil {
		return bad
	}
	hs := make([]*graph.Node, 0, t)
	var h *graph.Node
	for i := 0; i < t; i++ {
		h = c.recur(ops.MatMul(stepOf(x, i), wx), h, wh, b)
		hs = append(hs, h)
	}
	return outputs(hs, l.EveryStep)
}
