package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// SoftmaxCrossEntropy returns the mean over the batch of the cross-entropy
// between softmax(logits) and the targets:
//
//	E = −(1/B) Σ_b Σ_k t[b, k] · log softmax(logits[b])[k]
//
// logits is [B, K]. targets is either an int tensor [B] of class indices in
// 0 … K−1 (made one-hot by OneHot) or a float tensor [B, K] of one-hot rows
// or probabilities, of the logits' dtype. The log-probabilities come from
// LogSoftmax, so large logits neither overflow nor give −Inf; the gradient
// with respect to the logits is (softmax(logits) − t)/B. Other shapes or
// dtypes, or a nil or bad operand, give a bad node; an int label out of
// range makes Program.Run fail.
func SoftmaxCrossEntropy(logits, targets *graph.Node) *graph.Node {
	const name = "SoftmaxCrossEntropy"
	if bad := guard(name, logits, targets); bad != nil {
		return bad
	}
	ls, ts := logits.Shape(), targets.Shape()
	if len(ls) != 2 {
		return graph.Fail(name, errors.Errorf("logits %s must be [batch, classes]", graph.ShapeString(ls)), logits, targets)
	}
	t := targets
	if targets.Dtype() == tensor.Int {
		if len(ts) != 1 || ts[0] != ls[0] {
			return graph.Fail(name, errors.Errorf("int targets %s must be class indices [%d] for logits %s",
				graph.ShapeString(ts), ls[0], graph.ShapeString(ls)), logits, targets)
		}
		t = OneHot(targets, ls[1], logits.Dtype())
	} else if !graph.SameShape(ls, ts) {
		return graph.Fail(name, errors.Errorf("float targets %s must have the logits' shape %s (or be int class indices [%d])",
			graph.ShapeString(ts), graph.ShapeString(ls), ls[0]), logits, targets)
	}
	return Mul(Sum(Mul(t, LogSoftmax(logits, 1))), scalarLike(logits, -1/float64(ls[0])))
}
