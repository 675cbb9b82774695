package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Tanh is tanh(x) elementwise (ops.Tanh); it has no params.
type Tanh struct{}

// Forward returns ops.Tanh(x).
func (Tanh) Forward(s *Scope, x *graph.Node) *graph.Node { return ops.Tanh(x) }
