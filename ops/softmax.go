package ops

import (
	"github.com/chainrule/chainrule/graph"
)

// Softmax returns e^xᵢ / Σⱼ e^xⱼ along axis (negative axes count from the
// end), so that every line along the axis is positive and sums to 1. It is
// Exp(LogSoftmax(x, axis)): numerically stable (the maximum is subtracted
// first) and differentiable through LogSoftmax's VJP. An axis out of range or
// a non-float x gives a bad node.
func Softmax(x *graph.Node, axis int) *graph.Node {
	return Exp(LogSoftmax(x, axis))
}
