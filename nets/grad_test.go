package nets

import (
	"testing"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/graph"
)

// TestGradCheck compares each network's autodiff gradients at fixed weights
// with central differences.
func TestGradCheck(t *testing.T) {
	spirals, err := datasets.Spirals(4, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	seq, err := datasets.NoisySine(8, 3, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		spec Spec
		ds   *datasets.Dataset
	}{
		{Spec{Kind: KindFF, Inputs: 2, Hidden: []int{5}, Outputs: 1}, spirals},
		{Spec{Kind: KindFF, Inputs: 2, Hidden: []int{5}, Outputs: 2, Loss: SoftmaxCE}, spirals},
		{Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1, Loss: BCE}, spirals},
		{Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{4, 3}, Outputs: 2, Activation: Tanh}, spirals},
		{Spec{Kind: KindRNN, Inputs: 1, Hidden: []int{4}, Outputs: 1, SeqLen: 3}, seq},
	}
	for _, tc := range tests {
		t.Run(string(tc.spec.Kind)+"/"+string(tc.spec.Loss), func(t *testing.T) {
			net, err := New(tc.spec, 5)
			if err != nil {
				t.Fatal(err)
			}
			n := tc.ds.Len()
			c, err := Compile(net, n, false)
			if err != nil {
				t.Fatal(err)
			}
			c.fill(tc.ds.X, tc.ds.Y, nil)
			res, err := autodiff.CheckGrad(c.Loss, c.Params, &autodiff.CheckOptions{
				Feeds: graph.Feeds{c.X: c.XBuf, c.T: c.TBuf}})
			if err != nil {
				t.Fatal(err)
			}
			if res.MaxError > 1e-6 {
				t.Errorf("worst gradient error %.3g at %s[%d]: autodiff %v, numeric %v",
					res.MaxError, res.Node.Name(), res.Index, res.Analytic, res.Numeric)
			}
		})
	}
}
