package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// MaskedMSE is the mean squared error over the present targets only,
// Σ mask·(t − y)² / max(1, Σ mask), the loss nets uses for data with missing
// values (the facial keypoints): a batch with no target present gives 0,
// not NaN. Use it with Model.MaskedTrainer.
func MaskedMSE(y, t, mask *graph.Node) *graph.Node {
	g := y.Graph()
	one := g.ScalarOf(y.Dtype(), 1)
	cnt := ops.Sum(mask)
	// cnt + (cnt < 0.5): the mask is fed, so its count is a graph value.
	cnt = ops.Add(cnt, ops.Mul(ops.Greater(g.ScalarOf(y.Dtype(), 0.5), cnt), one))
	return ops.Div(ops.Sum(ops.Mul(mask, ops.Square(ops.Sub(t, y)))), cnt)
}
