package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// MaxPool2D takes the largest element of each Kernel window of [B, C, H, W]
// input, PyTorch's nn.MaxPool2d (dilation 1, ceil_mode false): see
// ops.MaxPool2D and ops.Pool2DOptions. It has no params.
type MaxPool2D struct {
	Kernel  [2]int // window rows and columns, >= 1
	Stride  [2]int // 0 means the kernel's size
	Padding [2]int // at most half the kernel; padding never wins
}

func init() { Register("MaxPool2D", &MaxPool2D{}) }

// Forward returns ops.MaxPool2D(x).
func (l *MaxPool2D) Forward(s *Scope, x *graph.Node) *graph.Node {
	if bad := checkPool(s, "MaxPool2D", x, l.Kernel); bad != nil {
		return bad
	}
	return ops.MaxPool2D(x, ops.Pool2DOptions{Kernel: l.Kernel, Stride: l.Stride, Padding: l.Padding})
}

// checkPool returns a bad node, recorded in the layer's scope, for an input
// that is not [B, C, H, W] or a kernel that is not positive; the op checks
// the rest of the geometry.
func checkPool(s *Scope, op string, x *graph.Node, k [2]int) *graph.Node {
	if x.Bad() {
		return x
	}
	if sh := x.Shape(); len(sh) != 4 {
		return s.fail(2, op, errors.Errorf("input %v, want [B, C, H, W]", sh), x)
	}
	if k[0] < 1 || k[1] < 1 {
		return s.fail(2, op, errors.Errorf("Kernel = %v, want both >= 1", k), x)
	}
	return nil
}
