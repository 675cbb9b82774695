package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Prepared kernels (graph.Preparer) hold their operands' backing slices, so
// Bind must re-prepare the steps reading a rebound input: after Bind, a run
// reads the new tensor, for the scalar closures and the general ones alike.
func TestPreparedKernelsFollowBind(t *testing.T) {
	for _, shape := range [][]int{{}, {3}} {
		g := graph.New()
		x := g.Input("x", tensor.Float64, shape...)
		w := g.Param("w", full(shape, 2))
		y := ops.Add(ops.Mul(ops.Pow(x, 2), w), ops.ReLU(ops.Neg(x))) // x²·2 + relu(−x)
		p := graph.MustCompile(y)
		if err := p.Run(graph.Feeds{x: full(shape, 3)}); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(y).Float64s()[0]; got != 18 {
			t.Fatalf("shape %v: y(3) = %v, want 18", shape, got)
		}
		v := full(shape, -1)
		if err := p.Bind(x, v); err != nil {
			t.Fatal(err)
		}
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(y).Float64s()[0]; got != 3 { // 1·2 + 1
			t.Fatalf("shape %v: after Bind, y(−1) = %v, want 3", shape, got)
		}
		v.Float64s()[0] = -2 // the bound tensor is read in place
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(y).Float64s()[0]; got != 10 { // 4·2 + 2
			t.Fatalf("shape %v: after refilling the bound tensor, y(−2) = %v, want 10", shape, got)
		}
	}
}

func full(shape []int, v float64) *tensor.Dense {
	n := 1
	for _, d := range shape {
		n *= d
	}
	b := make([]float64, n)
	for i := range b {
		b[i] = v
	}
	if len(shape) == 0 {
		return tensor.New(tensor.FromScalar(v))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(b))
}
