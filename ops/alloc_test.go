package ops_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A step of a small unrolled network using every op of this package's axis
// and loss family, forward and backward, allocates nothing once compiled.
func TestAxisOpsRunWithoutAllocating(t *testing.T) {
	if why := ops.AllocsUncountable(ops.BLAS); why != "" {
		t.Skip(why)
	}
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Input("x", dt, 2, 3, 4) // [B, T, F]
		y := g.Input("y", tensor.Int, 2)
		w := g.Param("w", tensor.New(tensor.WithShape(4, 3), tensor.Of(dt)))
		var steps []*graph.Node
		for s := 0; s < 3; s++ {
			xt := ops.Reshape(ops.Slice(x, 1, s, s+1), 2, 4)
			steps = append(steps, ops.Reshape(ops.MatMul(xt, w), 2, 1, 3))
		}
		h := ops.Concat(1, steps...)                // [2, 3, 3]
		m := ops.Max(ops.Transpose(h, 0, 2, 1), -1) // [2, 3]
		z := ops.Where(ops.Greater(m, g.Scalar(0)), m, ops.Neg(m))
		loss := ops.Add(ops.SoftmaxCrossEntropy(z, y), ops.MeanSquaredError(ops.Softmax(z, 0), ops.Sigmoid(z)))
		loss = ops.Add(loss, ops.BinaryCrossEntropyLogits(z, ops.OneHot(y, 3, dt)))
		dw := autodiff.MustGrad(loss, w)[0]
		p := graph.MustCompile(loss, dw)
		xv := tensor.New(tensor.WithShape(2, 3, 4), tensor.Of(dt))
		if err := p.Run(graph.Feeds{x: xv, y: ints([]int{2}, 0, 2)}); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
			t.Errorf("%v: Exec allocates %v times per run, want 0", dt, n)
		}
	}
}
