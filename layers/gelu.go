package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// GELU is x·Φ(x) elementwise with the exact normal CDF (ops.GELU, PyTorch's
// nn.GELU()), or its tanh approximation when Tanh is set (ops.GELUTanh,
// nn.GELU(approximate="tanh")); it has no params.
type GELU struct {
	Tanh bool
}

// Forward returns ops.GELU(x) or ops.GELUTanh(x).
func (l *GELU) Forward(s *Scope, x *graph.Node) *graph.Node {
	if l.Tanh {
		return ops.GELUTanh(x)
	}
	return ops.GELU(x)
}
