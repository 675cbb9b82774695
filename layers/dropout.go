package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Dropout zeroes each element with probability P and scales the others by
// 1/(1−P) in training builds (ops.Dropout, PyTorch's nn.Dropout); an
// evaluation build returns x itself, with no node added. It has no params;
// its seed "seed" (Scope.Seed) is drawn once from the store's generator
// when the model is first built and saved with the model. The mask of a
// training run is a pure function of that seed, the model's run counter
// (Model.Counter: one per training run) and the element's index, so the
// same seed and the same sequence of steps give the same masks, at any
// core count.
type Dropout struct {
	P float64 // drop probability in [0, 1]
}

func init() { Register("Dropout", &Dropout{}) }

// Forward returns ops.Dropout(x, P, seed) in a training build, x otherwise.
func (l *Dropout) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	if !(l.P >= 0 && l.P <= 1) {
		return s.Fail("Dropout", errors.Errorf("P = %v, want a probability in [0, 1]", l.P), x)
	}
	seed := s.Seed("seed") // drawn in both modes, so both create the same seeds
	if !s.Training() {
		return x
	}
	return ops.Dropout(x, l.P, seed)
}
