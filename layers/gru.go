package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// GRUCell is one step of a gated recurrent unit, PyTorch's nn.GRUCell: for
// x [B, In] and h [B, H], with a = x·Wx + bx and u = h·Wh + bh [B, 3H],
//
//	r = σ(a[0:H] + u[0:H])          reset gate
//	z = σ(a[H:2H] + u[H:2H])        update gate
//	n = tanh(a[2H:3H] + r⊙u[2H:3H])  candidate (bh's part inside r⊙)
//	h' = (1−z)⊙n + z⊙h
//
// Params: "Wx" [In, 3H] and "Wh" [H, 3H] (Glorot, or Init), "bx" and "bh"
// [3H] (zeros), in that order. The gate order is PyTorch's (r, z, n), and
// both biases are kept because bh's n part is multiplied by r:
//
//	from PyTorch: Wx = weight_ihᵀ, Wh = weight_hhᵀ, bx = bias_ih, bh = bias_hh
//	to PyTorch:   weight_ih = Wxᵀ, weight_hh = Whᵀ, bias_ih = bx, bias_hh = bh
//
// (Keras's GRU with reset_after=True, its default, is the same with gate
// order z, r, n.)
type GRUCell struct {
	In     int    // input features; 0 takes x's last dimension
	Hidden int    // state size H, >= 1
	Init   string // Wx's and Wh's initialiser (see InitByName)
}

// Step returns h' for input x [B, In] and state h [B, H]; a nil h is zeros.
func (l *GRUCell) Step(s *Scope, x, h *graph.Node) *graph.Node {
	in, bad := checkStep(s, "GRUCell", x, l.In, l.Hidden, h)
	if bad != nil {
		return bad
	}
	wx, wh, bx, bh, bad := l.params(s, in, x)
	if bad != nil {
		return bad
	}
	return l.recur(ops.Add(ops.MatMul(x, wx), bx), h, wh, bh)
}

func (l *GRUCell) params(s *Scope, in int, x *graph.Node) (wx, wh, bx, bh, bad *graph.Node) {
	init, bad := initOf(s, "GRU", l.Init, x)
	if bad != nil {
		return nil, nil, nil, nil, bad
	}
	g := 3 * l.Hidden
	wx, wh, bx, bh = s.Param("Wx", init, in, g), s.Param("Wh", init, l.Hidden, g), s.Param("bx", Zeros, g), s.Param("bh", Zeros, g)
	return wx, wh, bx, bh, firstBad(wx, wh, bx, bh)
}

// recur returns h' for a = x·Wx + bx [B, 3H]. With h nil (zeros), u is bh
// alone, [3H], and broadcasts.
func (l *GRUCell) recur(a, h, wh, bh *graph.Node) *graph.Node {
	n := l.Hidden
	u := bh
	if h != nil {
		u = ops.Add(ops.MatMul(h, wh), bh)
	}
	rz := ops.Sigmoid(ops.Add(ops.Slice(a, -1, 0, 2*n), ops.Slice(u, -1, 0, 2*n)))
	r, z := gate(rz, 0, n), gate(rz, 1, n)
	c := ops.Tanh(ops.Add(gate(a, 2, n), ops.Mul(r, gate(u, 2, n))))
	if h == nil {
		return ops.Sub(c, ops.Mul(z, c)) // (1−z)⊙n
	}
	return ops.Add(c, ops.Mul(z, ops.Sub(h, c))) // n + z⊙(h − n)
}

// GRU is GRUCell unrolled over the T steps of a sequence x [B, T, In] from
// h₀ = 0: PyTorch's nn.GRU with batch_first=True (one layer,
// unidirectional; weight_ih_l0 etc. map as GRUCell's). It returns h_T
// [B, H], or every h_t, [B, T, H], with EveryStep. Params as GRUCell's.
type GRU struct {
	In        int    // input features; 0 takes x's last dimension
	Hidden    int    // state size H, >= 1
	EveryStep bool   // return every step's h, [B, T, H], not the last
	Init      string // Wx's and Wh's initialiser (see InitByName)
}

// Forward unrolls the recurrence over x's steps.
func (l *GRU) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x != nil && x.Bad() {
		return x
	}
	_, t, in, bad := checkSeq(s, "GRU", x, l.In, l.Hidden)
	if bad != nil {
		return bad
	}
	cell := &GRUCell{In: l.In, Hidden: l.Hidden, Init: l.Init}
	wx, wh, bx, bh, bad := cell.params(s, in, x)
	if bad != nil {
		return bad
	}
	hs := make([]*graph.Node, 0, t)
	var h *graph.Node
	for i := 0; i < t; i++ {
		h = cell.recur(ops.Add(ops.MatMul(stepOf(x, i), wx), bx), h, wh, bh)
		hs = append(hs, h)
	}
	return outputs(hs, l.EveryStep)
}
