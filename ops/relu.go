package ops

import (
	"github.com/chainrule/chainrule/graph"

	"github.com/chainrule/chainrule/internal/kernels"
)

// ReLU returns max(x, 0) elementwise. Its derivative at 0 is taken as 0.
func ReLU(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "ReLU", k64: kernels.ReLU64, k32: kernels.ReLU32, vjp: reluVJP}, x)
}

// relu'(x) = [x > 0] = [relu(x) > 0]: the gradient reads the output, not the
// input, so that a bias add feeding ReLU can be fused with it (see Fuser).
func reluVJP(_, y, dy *graph.Node) *graph.Node { return newActGrad(actReLU, y, dy) }

// The kernels are kernels.ReLU32 and kernels.ReLU64: AVX2 where the CPU
// has it, a branch-free loop elsewhere.
