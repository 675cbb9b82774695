package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Softmax is e^xᵢ/Σⱼe^xⱼ over the last axis (ops.Softmax, PyTorch's nn.Softmax(dim=-1)); it has no params. For training with ops.SoftmaxCrossEntropy leave it out: that loss takes logits.
type Softmax struct{}

// Forward returns ops.Softmax(x, -1).
func (Softmax) Forward(s *Scope, x *graph.Node) *graph.Node { return ops.Softmax(x, -1) }
