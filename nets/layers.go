package nets

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// activate applies a hidden activation.
func activate(act Activation, z *graph.Node) *graph.Node {
	switch act {
	case Tanh:
		return ops.Tanh(z)
	case ReLU:
		return ops.ReLU(z)
	}
	return ops.Sigmoid(z)
}

// affine returns x·W + b for x [B, in], W [in, out], b [out].
func affine(x, w, b *graph.Node) *graph.Node { return ops.Add(ops.MatMul(x, w), b) }

// output applies the output activation that loss implies to logits z.
func output(loss Loss, z *graph.Node) *graph.Node {
	switch loss {
	case SSE, BCE:
		return ops.Sigmoid(z)
	case SoftmaxCE:
		return ops.Softmax(z, -1)
	}
	return z
}

// lossNode returns the scalar loss of logits z [N, K] against targets t
// [N, K] (one-hot rows for SoftmaxCE), averaged over the N rows; for a masked
// MSE, averaged over the present targets (mask m, 1 where present).
func lossNode(loss Loss, z, t, m *graph.Node) *graph.Node {
	n := float64(z.Shape()[0])
	perRow := func(e *graph.Node) *graph.Node { return ops.Mul(ops.Sum(e), scalar(z, 1/n)) }
	switch loss {
	case SSE: // ½Σ(t − σ(z))²
		return ops.Mul(perRow(ops.Square(ops.Sub(t, ops.Sigmoid(z)))), scalar(z, 0.5))
	case BCE: // −[t log σ(z) + (1−t) log(1−σ(z))] = softplus(z) − t·z
		return perRow(ops.Sub(ops.Softplus(z), ops.Mul(t, z)))
	case SoftmaxCE: // −Σ t·log softmax(z)
		return ops.Neg(perRow(ops.Mul(t, ops.LogSoftmax(z, -1))))
	}
	d := ops.Square(ops.Sub(t, z))
	if m == nil {
		return ops.Mean(d)
	}
	// Σ m·d / max(1, Σ m): the mask is fed, so its count is a graph value.
	cnt := ops.Add(ops.Sum(m), ops.Mul(ops.Greater(scalar(z, 0.5), ops.Sum(m)), scalar(z, 1)))
	return ops.Div(ops.Sum(ops.Mul(m, d)), cnt)
}

// scalar returns a scalar constant of x's dtype.
func scalar(x *graph.Node, v float64) *graph.Node { return x.Graph().ScalarOf(x.Dtype(), v) }
