package nets

import (
	"math/rand/v2"

	"github.com/chainrule/chainrule/graph"
)

// Perceptron is the lecture's single layer: o = σ(x·W + b), W [Inputs,
// Outputs], b [Outputs], trained on ½Σ(t − o)² (Loss SSE, the default) or
// binary cross-entropy (BCE); predictions are o ≥ 0.5. It can learn linearly
// separable functions such as AND and OR but not XOR.
//
// Params: "W", "b".
type Perceptron struct{ base }

var _ Network = (*Perceptron)(nil)

func newPerceptron(b *base, rng *rand.Rand) (*Perceptron, error) {
	s := b.spec
	if err := b.denseNamed(rng, "W", "b", s.Inputs, s.Outputs, Sigmoid); err != nil {
		return nil, err
	}
	return &Perceptron{*b}, nil
}

// Logits returns x·W + b.
func (n *Perceptron) Logits(x *graph.Node, p []*graph.Node) *graph.Node {
	return affine(x, p[0], p[1])
}
