package ops_test

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Loops long enough to be split across cores give the same bits as the
// op's Forward computed in one piece on one goroutine, fused or not.
func TestSplitKernelsMatchForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Param("x", randDense(rng, dt, 301, 257)) // 77,357 elements: split for every op below
		y := g.Param("y", randDense(rng, dt, 301, 257))
		b := g.Param("b", randDense(rng, dt, 257))
		nodes := []*graph.Node{
			ops.Add(x, y), ops.Mul(x, y), ops.Neg(x), ops.ReLU(x), ops.Sigmoid(x), ops.Tanh(x), ops.Exp(x),
			ops.Pow(x, 2), ops.Pow(ops.Sigmoid(x), 1.5),
		}
		sum := ops.Add(x, b)
		fusedOut := ops.Sigmoid(sum)
		reluOut := ops.ReLU(ops.Add(x, y))
		outs := append(nodes, fusedOut, reluOut)
		plain := graph.MustCompile(outs...)
		fast, err := graph.CompileWith(graph.Fast, outs...)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*graph.Program{plain, fast} {
			if err := p.Run(nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, n := range append(nodes, sum, fusedOut, reluOut) {
			in := make([]*tensor.Dense, len(n.Inputs()))
			for i, a := range n.Inputs() {
				in[i] = plain.Value(a)
			}
			dst := tensor.New(tensor.WithShape(n.Shape()...), tensor.Of(n.Dtype()))
			if err := n.Op().Forward(dst, in); err != nil {
				t.Fatal(err)
			}
			if !bitsEqual(plain.Value(n), dst) {
				t.Errorf("%v: %s split differs from Forward", dt, n)
			}
			if n != sum && !bitsEqual(fast.Value(n), dst) {
				t.Errorf("%v: %s with graph.Fast differs from Forward", dt, n)
			}
		}
	}
}
