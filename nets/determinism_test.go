package nets

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// trainedRun is what one training run produces: the encoded model, the
// loss history and the held-out evaluation.
type trainedRun struct {
	model            []byte
	trainLoss, tLoss []float64
	eval             *Evaluation
}

// trainOnce builds spec from seed 7, trains it with Adam and evaluates it.
func trainOnce(t *testing.T, spec Spec, train, test *datasets.Dataset, batch int) trainedRun {
	t.Helper()
	net, err := New(spec, 7)
	if err != nil {
		t.Fatal(err)
	}
	sol := &solvers.Adam{Options: solvers.Options{LR: 0.003}}
	h, err := Train(net, train, test, Config{Epochs: 2, BatchSize: batch, Solver: sol, Seed: 11, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Evaluate(net, test)
	if err != nil {
		t.Fatal(err)
	}
	return trainedRun{mustEncode(t, net), h.TrainLoss, h.TestLoss, ev}
}

// TestTrainingIsDeterministic trains a DFF on the digits (products large
// enough for the parallel matrix kernels) and an RNN on a noisy sine twice
// each with the same seeds, and checks that the saved models are
// byte-identical and the losses, outputs, accuracy and confusion matrix
// equal. It runs with the default BLAS and, when it loads, OpenBLAS.
func TestTrainingIsDeterministic(t *testing.T) {
	digitsTrain, digitsTest := digits(t)
	sine, err := datasets.NoisySine(300, 8, 0.05, 3)
	if err != nil {
		t.Fatal(err)
	}
	sineTrain, sineTest, err := datasets.Split(sine, 0.25, 3)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		spec        Spec
		train, test *datasets.Dataset
		batch       int
	}{
		{"dff", Spec{Kind: KindDFF, Inputs: 64, Hidden: []int{256, 128}, Outputs: 10}, digitsTrain, digitsTest, 128},
		{"dff/float32", Spec{Kind: KindDFF, Inputs: 64, Hidden: []int{256, 128}, Outputs: 10, Dtype: Float32}, digitsTrain, digitsTest, 128},
		{"rnn", Spec{Kind: KindRNN, Inputs: 1, Hidden: []int{16}, Outputs: 1, SeqLen: 8}, sineTrain, sineTest, 16},
	}
	blases := []struct {
		name string
		gemm func() (ops.Gemm, error)
	}{
		{"default", func() (ops.Gemm, error) { return ops.BLAS, nil }},
		{"openblas", ops.OpenBLAS},
	}
	for _, b := range blases {
		t.Run(b.name, func(t *testing.T) {
			g, err := b.gemm()
			if err != nil {
				t.Skip(err)
			}
			old := ops.BLAS
			ops.BLAS = g
			defer func() { ops.BLAS = old }()
			for _, tc := range cases {
				r1 := trainOnce(t, tc.spec, tc.train, tc.test, tc.batch)
				r2 := trainOnce(t, tc.spec, tc.train, tc.test, tc.batch)
				switch {
				case !bytes.Equal(r1.model, r2.model):
					t.Errorf("%s (%s): same seeds, different weights", tc.name, ops.BLASName())
				case !reflect.DeepEqual(r1.trainLoss, r2.trainLoss) || !reflect.DeepEqual(r1.tLoss, r2.tLoss):
					t.Errorf("%s: losses differ: %v %v, %v %v", tc.name, r1.trainLoss, r1.tLoss, r2.trainLoss, r2.tLoss)
				case !reflect.DeepEqual(r1.eval, r2.eval):
					t.Errorf("%s: evaluations differ", tc.name)
				}
				if r1.eval.Confusion != nil {
					t.Logf("%s (%s): accuracy %.4f, loss %v", tc.name, ops.BLASName(), r1.eval.Accuracy, r1.eval.Loss)
				} else {
					t.Logf("%s (%s): RMSE %.4f, loss %v", tc.name, ops.BLASName(), r1.eval.RMSE, r1.eval.Loss)
				}
			}
		})
	}
}
