package nets

import (
	"math/rand/v2"
	"strconv"

	"github.com/chainrule/chainrule/graph"
)

// DFF is a deep feed-forward network: L ≥ 1 hidden layers of the chosen
// activation f (ReLU by default) and an output layer, softmax with
// cross-entropy by default:
//
//	h₀ = x,  hᵢ = f(hᵢ₋₁·Wᵢ + bᵢ) for i = 1…L,  o = g(h_L·W_{L+1} + b_{L+1})
//
// Params: "W1", "b1", …, "W{L+1}", "b{L+1}".
type DFF struct{ base }

var _ Network = (*DFF)(nil)

func newDFF(b *base, rng *rand.Rand) (*DFF, error) {
	s := b.spec
	in := s.Inputs
	for i, h := range s.Hidden {
		if err := b.dense(rng, strconv.Itoa(i+1), in, h, s.Activation); err != nil {
			return nil, err
		}
		in = h
	}
	if err := b.dense(rng, strconv.Itoa(len(s.Hidden)+1), in, s.Outputs, Sigmoid); err != nil {
		return nil, err
	}
	return &DFF{*b}, nil
}

// Logits returns the output layer's pre-activation h_L·W_{L+1} + b_{L+1}.
func (n *DFF) Logits(x *graph.Node, p []*graph.Node) *graph.Node {
	h := x
	for i := 0; i+2 < len(p); i += 2 {
		h = activate(n.spec.Activation, affine(h, p[i], p[i+1]))
	}
	return affine(h, p[len(p)-2], p[len(p)-1])
}
