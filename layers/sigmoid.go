package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Sigmoid is 1/(1+e^−x) elementwise (ops.Sigmoid); it has no params.
type Sigmoid struct{}

// Forward returns ops.Sigmoid(x).
func (Sigmoid) Forward(s *Scope, x *graph.Node) *graph.Node { return ops.Sigmoid(x) }
