package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// SiLU is x·σ(x) elementwise (ops.SiLU, PyTorch's nn.SiLU); it has no params.
type SiLU struct{}

// Forward returns ops.SiLU(x).
func (SiLU) Forward(s *Scope, x *graph.Node) *graph.Node { return ops.SiLU(x) }
