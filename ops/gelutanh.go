package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// GELUTanh returns the tanh approximation of GELU elementwise,
// ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's gelu with
// approximate='tanh', the form of GPT-2 and BERT).
//
// In float32 it runs on the float32 tanh (see Tanh, AVX2 where the CPU has
// it).
func GELUTanh(x *graph.Node) *graph.Node {
	return graph.Apply(newUnaryK("GELUTanh", "", true, mapKernel(geluTanh64), geluTanh32K, geluTanhVJP), x)
}

// geluTanh32K computes tanh's argument into a stack buffer a block at a
// time, takes tanh in place there, and combines into d, so that d may be
// x itself (unary runs in place).
func geluTanh32K(d, x []float32) {
	var buf [256]float32
	x = x[:len(d)]
	for lo := 0; lo < len(d); lo += len(buf) {
		hi := min(lo+len(buf), len(d))
		u, xs := buf[:hi-lo], x[lo:hi]
		for i, v := range xs {
			u[i] = geluK * (v + geluC*v*v*v)
		}
		kernels.Tanh32(u, u)
		ds := d[lo:hi]
		for i, v := range xs {
			ds[i] = 0.5 * v * (1 + u[i])
		}
	}
}

const (
	geluK = 0.7978845608028654 // √(2/π)
	geluC = 0.044715
)

func geluTanh64(v float64) float64 {
	return 0.5 * v * (1 + math.Tanh(geluK*(v+geluC*v*v*v)))
}

// With u = k(x + cx³), t = tanh u and u' = k(1 + 3cx²):
// f' = ½(1 + t) + ½x(1 − t²)u', one pass of its own op (GELUTanhGrad),
// whose VJP is f” = (1 − t²)(u' − x·t·u'² + 3kcx²), built from ops.
func geluTanhVJP(x, _, dy *graph.Node) *graph.Node {
	return Mul(dy, graph.Apply(newUnary64("GELUTanhGrad", "", true, geluTanhGrad64, geluTanhGradVJP), x))
}

func geluTanhGrad64(v float64) float64 {
	t := math.Tanh(geluK * (v + geluC*v*v*v))
	up := geluK * (1 + 3*geluC*v*v)
	return 0.5*(1+t) + 0.5*v*(1-t*t)*up
}

func geluTanhGradVJP(x, _, dy *graph.Node) *graph.Node {
	c := func(v float64) *graph.Node { return scalarLike(x, v) }
	x2 := Square(x)
	t := Tanh(Mul(c(geluK), Add(x, Mul(c(geluC), Mul(x2, x)))))
	up := Mul(c(geluK), Add(c(1), Mul(c(3*geluC), x2)))
	inner := Add(Sub(up, Mul(Mul(x, t), Square(up))), Mul(c(3*geluK*geluC), x2))
	return Mul(dy, Mul(Sub(c(1), Square(t)), inner))
}
