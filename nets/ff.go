package nets

import (
	"math/rand/v2"

	"github.com/chainrule/chainrule/graph"
)

// FF is the lecture's feed-forward network with one hidden layer:
//
//	h = f(x·W1 + b1)     f = Spec.Activation, sigmoid by default
//	o = g(h·W2 + b2)     g = σ for SSE (the default) or BCE, softmax for
//	                     SoftmaxCE, identity for MSE
//
// Params: "W1" [Inputs, H], "b1" [H], "W2" [H, Outputs], "b2" [Outputs].
type FF struct{ base }

var _ Network = (*FF)(nil)

func newFF(b *base, rng *rand.Rand) (*FF, error) {
	s := b.spec
	h := s.Hidden[0]
	if err := b.dense(rng, "1", s.Inputs, h, s.Activation); err != nil {
		return nil, err
	}
	if err := b.dense(rng, "2", h, s.Outputs, Sigmoid); err != nil {
		return nil, err
	}
	return &FF{*b}, nil
}

// Logits returns f(x·W1 + b1)·W2 + b2.
func (n *FF) Logits(x *graph.Node, p []*graph.Node) *graph.Node {
	return affine(activate(n.spec.Activation, affine(x, p[0], p[1])), p[2], p[3])
}
