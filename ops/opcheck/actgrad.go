package opcheck

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, actGradCases) }

// actGradCases check the fused activation gradients (SigmoidGrad, TanhGrad,
// ReLUGrad, unexported in ops) through their own VJPs: the gradient of a
// gradient. ReLU's operands stay away from the kink at 0.
func actGradCases() []Case {
	return []Case{
		secondOrder("Sigmoid", []int{3, 4}, -3, 3, ops.Sigmoid),
		secondOrder("Tanh", []int{2, 3, 2}, -2, 2, ops.Tanh),
		secondOrder("ReLU", []int{3, 4}, 0.2, 1.5, ops.ReLU),
		secondOrder("ReLU", []int{4}, 0.2, 1.5, func(x *graph.Node) *graph.Node { return ops.ReLU(ops.Neg(x)) }),
	}
}
