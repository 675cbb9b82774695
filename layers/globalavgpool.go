package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// GlobalAvgPool averages each channel of [N, C, H, W] over H and W, giving
// [N, C] (PyTorch's nn.AdaptiveAvgPool2d(1) followed by a flatten); it has
// no params.
type GlobalAvgPool struct{}

// Forward returns the mean of x over its last two axes, as [N, C].
func (GlobalAvgPool) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	sh := x.Shape()
	if len(sh) != 4 {
		return s.Fail("GlobalAvgPool", errors.Errorf("input %v, want [N, C, H, W]", sh), x)
	}
	return ops.Reshape(ops.MeanKeep(x, 2, 3), -1, sh[1])
}
