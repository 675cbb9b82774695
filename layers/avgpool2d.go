package layers

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// AvgPool2D averages each Kernel window of [B, C, H, W] input, PyTorch's
// nn.AvgPool2d (count_include_pad true, ceil_mode false): see ops.AvgPool2D
// and ops.Pool2DOptions. It has no params.
type AvgPool2D struct {
	Kernel  [2]int // window rows and columns, >= 1
	Stride  [2]int // 0 means the kernel's size
	Padding [2]int // at most half the kernel; counted as zeros
}

func init() { Register("AvgPool2D", &AvgPool2D{}) }

// Forward returns ops.AvgPool2D(x).
func (l *AvgPool2D) Forward(s *Scope, x *graph.Node) *graph.Node {
	if bad := checkPool(s, "AvgPool2D", x, l.Kernel); bad != nil {
		return bad
	}
	return ops.AvgPool2D(x, ops.Pool2DOptions{Kernel: l.Kernel, Stride: l.Stride, Padding: l.Padding})
}
