package layers

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Embedding maps int indices to rows of a table, PyTorch's nn.Embedding:
// param "W" [Vocab, Dim], and indices of any shape S give [S…, Dim]
// (ops.Gather). A model fed indices sets Spec.InputDtype = tensor.Int. An
// index outside 0 … Vocab−1 makes the run fail, naming it and its place.
//
// Init "" draws W from N(0, 1), as PyTorch does; any InitByName name may be
// given instead.
type Embedding struct {
	Vocab int    // rows of the table, >= 1
	Dim   int    // size of each row, >= 1
	Init  string // "" is N(0, 1); or an InitByName name
}

func init() { Register("Embedding", &Embedding{}) }

// Forward returns the rows of W picked by x.
func (l *Embedding) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	if x.Dtype() != tensor.Int {
		return s.Fail("Embedding", errors.Errorf("input is %v, want int indices (set Spec.InputDtype to tensor.Int)", x.Dtype()), x)
	}
	if l.Vocab < 1 || l.Dim < 1 {
		return s.Fail("Embedding", errors.Errorf("Vocab = %d, Dim = %d; want both >= 1", l.Vocab, l.Dim), x)
	}
	init := Normal(1)
	if l.Init != "" {
		var err error
		if init, err = InitByName(l.Init); err != nil {
			return s.Fail("Embedding", err, x)
		}
	}
	return ops.Gather(s.Param("W", init, l.Vocab, l.Dim), x)
}
