package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// ReLU is max(0, x) elementwise (ops.ReLU); it has no params.
type ReLU struct{}

// Forward returns ops.ReLU(x).
func (ReLU) Forward(s *Scope, x *graph.Node) *graph.Node { return ops.ReLU(x) }
