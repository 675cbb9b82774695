package nets

import "github.com/chainrule/chainrule/layers"

// Perceptron is the lecture's single layer: o = σ(x·W + b), W [Inputs,
// Outputs], b [Outputs], trained on ½Σ(t − o)² (Loss SSE, the default) or
// binary cross-entropy (BCE); predictions are o ≥ 0.5. It can learn linearly
// separable functions such as AND and OR but not XOR.
//
// Layers: one layers.Linear (Glorot W) at the root; the head applies σ.
// Params: "W", "b".
type Perceptron struct{ base }

var _ Network = (*Perceptron)(nil)

func perceptronLayers(s Spec) layers.Layer {
	return &layers.Linear{In: s.Inputs, Out: s.Outputs, Init: "glorot"}
}
