package nets

import (
	"math"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

// RNN is Elman's recurrent network, unrolled over Spec.SeqLen = T steps:
//
//	h₀ = 0,  h_t = f(x_t·Wx + h_{t−1}·Wh + b)   (f = tanh by default)
//	y_t = h_t·Wy + by
//
// A sample is a row of T·F features (step t's F = Spec.Inputs features at
// columns t·F … t·F+F−1, the layout of datasets.Windows), sliced out with
// ops.Slice. The output is y_T (regression or classification from the last
// step) or, with Spec.EveryStep, all y_t side by side [B, T·Outputs].
// Backpropagation through time is autodiff over the unrolled graph.
//
// Layers: one layer of nets' own at the root, registered with layers as
// "nets.RNN" (so layers.Save and layers.Load take it), that unrolls a
// layers.ElmanCell over the row's steps and projects each state it outputs
// with Wy and by; the head applies the output activation.
// Params: "Wx" [F, H], "Wh" [H, H], "b" [H] (the cell's), "Wy" [H, Outputs],
// "by" [Outputs].
type RNN struct{ base }

var _ Network = (*RNN)(nil)

func rnnLayers(s Spec) layers.Layer {
	return &rnnLayer{Inputs: s.Inputs, Hidden: s.Hidden[0], Outputs: s.Outputs, SeqLen: s.SeqLen,
		Activation: s.Activation, EveryStep: s.EveryStep}
}

// rnnLayer is the RNN as a layer: its input is a row of SeqLen·Inputs
// features [B, SeqLen·Inputs], its output y_T [B, Outputs] or, with
// EveryStep, [B, SeqLen·Outputs]. It computes what the hand-written RNN
// before the layers package did, with the same ops in the same order and
// the params created in the same order, so the same seed gives the same
// weights and training the same bits (TestLayeredNetworksKeepTrajectories).
//
// It projects each step's state on its own, rather than layers.Elman's
// stacked states [B, T, H] at once: one product of B·T rows sums in another
// order than T products of B rows where the GEMM's edge kernels differ, and
// the outputs would no longer be those of before bit for bit.
type rnnLayer struct {
	Inputs, Hidden, Outputs, SeqLen int
	Activation                      Activation
	EveryStep                       bool
}

func init() { layers.Register("nets.RNN", &rnnLayer{}) }

// Forward unrolls the recurrence over the sequence and returns y_T, or
// every y_t concatenated along the features with EveryStep.
func (l *rnnLayer) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	f, h, o, n := l.Inputs, l.Hidden, l.Outputs, l.SeqLen
	if f < 1 || h < 1 || o < 1 || n < 1 {
		return s.Fail("nets.RNN", errors.Errorf("inputs %d, hidden %d, outputs %d, seq_len %d: want each >= 1", f, h, o, n), x)
	}
	if f > math.MaxInt/n {
		return s.Fail("nets.RNN", errors.Errorf("%d steps of %d inputs are more than an int can count", n, f), x)
	}
	if sh := x.Shape(); len(sh) != 2 || sh[1] != f*n {
		return s.Fail("nets.RNN", errors.Errorf("input %v, want [B, %d] (%d steps of %d features)", sh, f*n, n, f), x)
	}
	switch l.Activation {
	case Sigmoid, Tanh, ReLU:
	default:
		return s.Fail("nets.RNN", errors.Errorf("activation %q, want sigmoid, tanh or relu", l.Activation), x)
	}
	cell := &layers.ElmanCell{In: f, Hidden: h, Activation: string(l.Activation), Init: "glorot"}
	var st, wy, by *graph.Node
	var ys []*graph.Node
	for t := 0; t < n; t++ {
		st = cell.Step(s, ops.Slice(x, 1, t*f, (t+1)*f), st)
		if t == 0 { // after the cell's Wx, Wh and b: the order of before
			wy, by = s.Param("Wy", layers.Glorot, h, o), s.Param("by", layers.Zeros, o)
		}
		if l.EveryStep {
			ys = append(ys, affine(st, wy, by))
		}
	}
	if l.EveryStep {
		return ops.Concat(1, ys...)
	}
	return affine(st, wy, by)
}
