package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// LeakyReLU is x where x > 0 and Alpha·x elsewhere (ops.LeakyReLU, PyTorch's
// nn.LeakyReLU); it has no params.
type LeakyReLU struct {
	Alpha float64 // the slope below 0; 0 means PyTorch's default 0.01
}

// Forward returns ops.LeakyReLU(x, Alpha).
func (l *LeakyReLU) Forward(s *Scope, x *graph.Node) *graph.Node {
	a := l.Alpha
	if a == 0 {
		a = 0.01
	}
	return ops.LeakyReLU(x, a)
}
