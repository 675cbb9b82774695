package ops

import (
	"github.com/chainrule/chainrule/graph"

	"github.com/chainrule/chainrule/internal/kernels"
)

// SiLU returns x·σ(x) elementwise (the swish of PyTorch's silu). In
// float32 it is the float32 sigmoid (see Sigmoid, AVX2 where the CPU has
// it) times x.
func SiLU(x *graph.Node) *graph.Node {
	return graph.Apply(newUnaryK("SiLU", "", true, mapKernel(silu64), silu32K, siluVJP), x)
}

func silu64(v float64) float64 { return v * kernels.Sigmoid64(v) }

// silu32K computes σ(x) into a stack buffer a block at a time, then
// multiplies by x into d, so that d may be x itself (unary runs in place).
func silu32K(d, x []float32) {
	var buf [256]float32
	x = x[:len(d)]
	for lo := 0; lo < len(d); lo += len(buf) {
		hi := min(lo+len(buf), len(d))
		s := buf[:hi-lo]
		kernels.Sigmoid32(s, x[lo:hi])
		kernels.Mul32(d[lo:hi], s, x[lo:hi])
	}
}

// (x·σ)' = σ + x·σ(1 − σ) = σ + y(1 − σ), built from ops so that it can be
// differentiated again.
func siluVJP(x, y, dy *graph.Node) *graph.Node {
	s := Sigmoid(x)
	return Mul(dy, Add(s, Mul(y, Sub(scalarLike(s, 1), s))))
}
