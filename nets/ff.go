package nets

import (
	"strconv"

	"github.com/chainrule/chainrule/layers"
)

// FF is the lecture's feed-forward network with one hidden layer:
//
//	h = f(x·W1 + b1)     f = Spec.Activation, sigmoid by default
//	o = g(h·W2 + b2)     g = σ for SSE (the default) or BCE, softmax for
//	                     SoftmaxCE, identity for MSE
//
// Layers: layers.Seq(Name("1", Linear), f, Name("2", Linear)), as DFF's
// with one hidden layer; the head applies g.
// Params: "W1" [Inputs, H], "b1" [H], "W2" [H, Outputs], "b2" [Outputs]
// (the layers' "1.W", "1.b", "2.W", "2.b").
type FF struct{ base }

var _ Network = (*FF)(nil)

// feedForwardLayers returns the layers of an FF or a DFF: for each hidden
// layer i = 1…L a layers.Linear in scope "i" (He-normal W before ReLU,
// Glorot-uniform otherwise) and the activation, then the output Linear
// (Glorot) in scope "L+1". The params are created, so drawn, in the order
// W1, b1, W2, b2, … that the networks of before the layers package drew.
func feedForwardLayers(s Spec) layers.Layer {
	init := "glorot"
	if s.Activation == ReLU {
		init = "he"
	}
	var ls []layers.Layer
	in := s.Inputs
	for i, h := range s.Hidden {
		ls = append(ls, layers.Name(strconv.Itoa(i+1), &layers.Linear{In: in, Out: h, Init: init}), activationLayer(s.Activation))
		in = h
	}
	return layers.Seq(append(ls, layers.Name(strconv.Itoa(len(s.Hidden)+1), &layers.Linear{In: in, Out: s.Outputs, Init: "glorot"}))...)
}

// activationLayer returns the layer of a hidden activation.
func activationLayer(act Activation) layers.Layer {
	switch act {
	case Tanh:
		return layers.Tanh{}
	case ReLU:
		return layers.ReLU{}
	}
	return layers.Sigmoid{}
}
