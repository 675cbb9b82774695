package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// The recurrent layers (Elman, LSTM, GRU) share one plan. A sequence is
// [B, T, In] (PyTorch's batch_first=True); the initial state is zeros, and
// step 0 skips h₀·Wh. A layer returns h_T [B, H], or every h_t stacked,
// [B, T, H], with EveryStep. Each layer's cell type computes one step, with
// the same params under the same names, for loops of one's own (a decoder,
// say); the layer is its cell unrolled.
//
// Step t's input product x_t·Wx is a product of its own, of x's slice t.
// One product over all T steps at once ([B·T, In]·[In, G·H]) would be
// faster forward, but its T slices cost O(T²) backward: Slice's adjoint pads
// each step's gradient back to the whole [B, T, G·H] before autodiff adds
// the T of them up. Measured on a training step of an LSTM over
// [32, 20, 16] with 64 units, that was 4–5× slower than T products.

// checkSeq returns B, T and In of a sequence x [B, T, In], checking In
// against want (0: any).
func checkSeq(s *Scope, op string, x *graph.Node, want, hidden int) (b, t, in int, bad *graph.Node) {
	if x == nil {
		return 0, 0, 0, s.Fail(op, errors.New("nil input"))
	}
	sh := x.Shape()
	if len(sh) != 3 {
		return 0, 0, 0, s.Fail(op, errors.Errorf("input %v, want a sequence [B, T, In]", sh), x)
	}
	if want != 0 && sh[2] != want {
		return 0, 0, 0, s.Fail(op, errors.Errorf("input %v has %d features, want In = %d", sh, sh[2], want), x)
	}
	if hidden < 1 {
		return 0, 0, 0, s.Fail(op, errors.Errorf("Hidden = %d, want >= 1", hidden), x)
	}
	if sh[1] < 1 {
		return 0, 0, 0, s.Fail(op, errors.Errorf("input %v has no time steps", sh), x)
	}
	return sh[0], sh[1], sh[2], nil
}

// checkStep checks a cell's input x [B, In] (In against want, 0: any) and
// its states [B, hidden], each of which may be nil (zeros). It returns In.
func checkStep(s *Scope, op string, x *graph.Node, want, hidden int, states ...*graph.Node) (int, *graph.Node) {
	for _, n := range append([]*graph.Node{x}, states...) {
		if n != nil && n.Bad() {
			return 0, n
		}
	}
	if x == nil {
		return 0, s.Fail(op, errors.New("nil input"))
	}
	sh := x.Shape()
	if len(sh) != 2 {
		return 0, s.Fail(op, errors.Errorf("input %v, want [B, In]", sh), x)
	}
	if want != 0 && sh[1] != want {
		return 0, s.Fail(op, errors.Errorf("input %v has %d features, want In = %d", sh, sh[1], want), x)
	}
	if hidden < 1 {
		return 0, s.Fail(op, errors.Errorf("Hidden = %d, want >= 1", hidden), x)
	}
	for i, h := range states {
		if h != nil && (len(h.Shape()) != 2 || h.Shape()[0] != sh[0] || h.Shape()[1] != hidden) {
			return 0, s.Fail(op, errors.Errorf("state %d is %v, want [%d, %d] for input %v", i, h.Shape(), sh[0], hidden, sh), x, h)
		}
	}
	return sh[1], nil
}

// initOf returns the initialiser a layer names, or a bad node.
func initOf(s *Scope, op, name string, x *graph.Node) (Init, *graph.Node) {
	init, err := InitByName(name)
	if err != nil {
		return nil, s.Fail(op, err, x)
	}
	return init, nil
}

// firstBad returns the first bad node of ns, or nil.
func firstBad(ns ...*graph.Node) *graph.Node {
	for _, n := range ns {
		if n.Bad() {
			return n
		}
	}
	return nil
}

// stepOf returns step t of a sequence x [B, T, In] as [B, In].
func stepOf(x *graph.Node, t int) *graph.Node {
	sh := x.Shape()
	return ops.Reshape(ops.Slice(x, 1, t, t+1), sh[0], sh[2])
}

// gate returns columns [k·h, (k+1)·h) of z [..., G·h]: gate k.
func gate(z *graph.Node, k, h int) *graph.Node { return ops.Slice(z, -1, k*h, (k+1)*h) }

// outputs returns the last of hs, or all of them stacked [B, T, H].
func outputs(hs []*graph.Node, every bool) *graph.Node {
	if every {
		return ops.Stack(1, hs...)
	}
	return hs[len(hs)-1]
}

// The recurrent layers and attention are built-ins: Load rebuilds them.
// (Their cells are not layers: a step takes states as well as an input.)
func init() {
	for name, l := range map[string]Layer{
		"Elman": &Elman{}, "LSTM": &LSTM{}, "GRU": &GRU{}, "MultiHeadAttention": &MultiHeadAttention{},
	} {
		Register(name, l)
	}
}
