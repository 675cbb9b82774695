package ops

import "github.com/chainrule/chainrule/graph"

// labelled is a unary op whose printed form carries its parameters, e.g.
// "LeakyReLU(0.01)". It runs and prepares as unary does.
type labelled struct {
	unary
	label string
	args  []float64 // the constructor's parameters (alpha, bounds), for Describe
}

func (o *labelled) String() string { return o.label }

// newUnary64 returns a unary op whose kernels evaluate f in float64 for both
// dtypes (float32 elements are widened, computed and rounded once).
func newUnary64(name, label string, heavy bool, f func(float64) float64, vjp func(x, y, dy *graph.Node) *graph.Node) *labelled {
	if label == "" {
		label = name
	}
	return &labelled{unary: unary{name: name, heavy: heavy, k64: mapKernel(f), k32: mapKernel(func(v float32) float32 { return float32(f(float64(v))) }), vjp: vjp}, label: label}
}

// newUnaryK returns a unary op with its own kernels per dtype.
func newUnaryK(name, label string, heavy bool, k64 func(d, x []float64), k32 func(d, x []float32), vjp func(x, y, dy *graph.Node) *graph.Node) *labelled {
	if label == "" {
		label = name
	}
	return &labelled{unary: unary{name: name, heavy: heavy, k64: k64, k32: k32, vjp: vjp}, label: label}
}

// noGrad is the VJP of a piecewise-constant helper op (a mask, a sign, a
// slope): no gradient flows through it.
func noGrad(_, _, _ *graph.Node) *graph.Node { return nil }

// maskOf returns an op computing f(x) elementwise with no gradient, for the
// derivative masks of the piecewise-linear ops (Abs, Clamp, LeakyReLU).
func maskOf(name string, x *graph.Node, f func(float64) float64) *graph.Node {
	return graph.Apply(newUnary64(name, "", false, f, noGrad), x)
}
