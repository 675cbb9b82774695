package nets

import (
	"math/rand/v2"

	"github.com/chainrule/chainrule/graph"
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
// Params: "Wx" [F, H], "Wh" [H, H], "b" [H], "Wy" [H, Outputs], "by" [Outputs].
type RNN struct{ base }

var _ Network = (*RNN)(nil)

func newRNN(b *base, rng *rand.Rand) (*RNN, error) {
	s := b.spec
	h := s.Hidden[0]
	dt := s.Dtype.Tensor()
	wx, err := Glorot(rng, dt, s.Inputs, h)
	if err := b.add("Wx", wx, err); err != nil {
		return nil, err
	}
	wh, err := Glorot(rng, dt, h, h)
	if err := b.add("Wh", wh, err); err != nil {
		return nil, err
	}
	z, err := Zeros(dt, h)
	if err := b.add("b", z, err); err != nil {
		return nil, err
	}
	if err := b.denseNamed(rng, "Wy", "by", h, s.Outputs, Sigmoid); err != nil {
		return nil, err
	}
	return &RNN{*b}, nil
}

// Logits unrolls the recurrence over the sequence and returns y_T, or every
// y_t concatenated along the features with Spec.EveryStep.
func (n *RNN) Logits(x *graph.Node, p []*graph.Node) *graph.Node {
	s := n.spec
	f := s.Inputs
	var h *graph.Node
	var ys []*graph.Node
	for t := 0; t < s.SeqLen; t++ {
		z := ops.MatMul(ops.Slice(x, 1, t*f, (t+1)*f), p[0])
		if h != nil {
			z = ops.Add(z, ops.MatMul(h, p[1]))
		}
		h = activate(s.Activation, ops.Add(z, p[2]))
		if s.EveryStep {
			ys = append(ys, affine(h, p[3], p[4]))
		}
	}
	if s.EveryStep {
		return ops.Concat(1, ys...)
	}
	return affine(h, p[3], p[4])
}
