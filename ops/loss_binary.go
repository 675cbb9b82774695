package ops

import "github.com/chainrule/chainrule/graph"

// BinaryCrossEntropy returns the mean over all N elements of the binary
// cross-entropy between probabilities p and targets t (usually 0 or 1):
//
//	E = −(1/N) Σ [t·log p + (1 − t)·log(1 − p)]
//
// p must lie strictly between 0 and 1: p = 0 or 1 gives an infinite or NaN
// loss (see Program.SetCheck). When p is a sigmoid of logits z, prefer
// BinaryCrossEntropyLogits(z, t), which is exact for any z. p and t must have
// the same shape and dtype; otherwise, or when either is nil or bad, it gives
// a bad node.
func BinaryCrossEntropy(p, t *graph.Node) *graph.Node {
	if bad := sameShapeLoss("BinaryCrossEntropy", p, t); bad != nil {
		return bad
	}
	one := scalarLike(p, 1)
	ll := Add(Mul(t, Log(p)), Mul(Sub(one, t), Log(Sub(one, p))))
	return Neg(Mean(ll))
}

// BinaryCrossEntropyLogits returns BinaryCrossEntropy(Sigmoid(z), t) computed
// from the logits z without forming the probabilities:
//
//	E = (1/N) Σ [softplus(z) − z·t] = (1/N) Σ [max(z, 0) − z·t + log(1 + e^−|z|)]
//
// which neither overflows nor takes the log of 0 for any z; its gradient
// with respect to z is (σ(z) − t)/N. z and t must have the same shape and
// dtype; otherwise, or when either is nil or bad, it gives a bad node.
func BinaryCrossEntropyLogits(z, t *graph.Node) *graph.Node {
	if bad := sameShapeLoss("BinaryCrossEntropyLogits", z, t); bad != nil {
		return bad
	}
	return Mean(Sub(Softplus(z), Mul(z, t)))
}
