package layers

import (
	"strconv"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
)

// Sequential chains layers: each child's output is the next one's input.
// Child i builds in scope "i" (its params are "0.W", "1.W", ... as in
// PyTorch's nn.Sequential) unless it is a *Named, which builds in the scope
// of its name instead ("conv1.W").
type Sequential struct {
	Layers []Layer
}

// Seq returns a Sequential of the given layers.
func Seq(ls ...Layer) *Sequential { return &Sequential{Layers: ls} }

// Forward applies the children in order.
func (q *Sequential) Forward(s *Scope, x *graph.Node) *graph.Node {
	for i, l := range q.Layers {
		if l == nil {
			return s.Fail("Sequential", errors.Errorf("layer %d is nil", i), x)
		}
		if n, ok := l.(*Named); ok {
			x = n.Forward(s, x)
		} else {
			x = l.Forward(s.In(strconv.Itoa(i)), x)
		}
	}
	return x
}

// Named gives a layer a scope name of its own: Named{"conv1", c} builds c in
// scope "conv1", wherever it is used.
type Named struct {
	Name  string
	Layer Layer
}

// Name returns a *Named of l.
func Name(name string, l Layer) *Named { return &Named{Name: name, Layer: l} }

// Forward builds the layer in the child scope Name.
func (n *Named) Forward(s *Scope, x *graph.Node) *graph.Node {
	if n.Layer == nil {
		return s.Fail("Named", errors.Errorf("layer %q is nil", n.Name), x)
	}
	return n.Layer.Forward(s.In(n.Name), x)
}
