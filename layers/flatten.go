package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Flatten keeps the batch dimension and flattens the others, [B, C, H, W] to [B, C·H·W] (ops.Flatten); it has no params.
type Flatten struct{}

// Forward returns ops.Flatten(x).
func (Flatten) Forward(s *Scope, x *graph.Node) *graph.Node { return ops.Flatten(x) }
