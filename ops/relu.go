package ops

import "github.com/chainrule/chainrule/graph"

// ReLU returns max(x, 0) elementwise. Its derivative at 0 is taken as 0.
func ReLU(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "ReLU", k64: reluK[float64], k32: reluK[float32], vjp: reluVJP}, x)
}

// relu'(x) = [x > 0] = [relu(x) > 0]: the gradient reads the output, not the
// input, so that a bias add feeding ReLU can be fused with it (see Fuser).
func reluVJP(_, y, dy *graph.Node) *graph.Node { return newActGrad(actReLU, y, dy) }

func reluK[T Float](d, x []T) {
	x = x[:len(d)]
	for i, v := range x {
		if v > 0 {
			d[i] = v
		} else {
			d[i] = 0
		}
	}
}
