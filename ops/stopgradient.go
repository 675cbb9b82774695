package ops

import "github.com/chainrule/chainrule/graph"

// StopGradient returns x unchanged; no gradient flows back through it, so
// everything x is computed from gets no contribution from this path (as
// PyTorch's detach and JAX's stop_gradient). A target built from the
// model's own output, for example, is held constant this way.
func StopGradient(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "StopGradient", k64: stopGradK[float64], k32: stopGradK[float32], vjp: noGrad}, x)
}

func stopGradK[T Float](d, x []T) { copy(d, x) }
