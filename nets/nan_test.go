package nets

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
)

// TestTrainStopsOnNonFiniteGradient sets float32 weights so that the loss
// is finite (about 2.4e37) but the gradient of W2 overflows (about 1e39),
// and checks that Train stops at the first step with an error naming the
// backward node that overflowed, leaves the weights as they were, and that
// the model can still be saved (it holds no NaN or infinity).
func TestTrainStopsOnNonFiniteGradient(t *testing.T) {
	net, err := New(Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{1}, Outputs: 1, Loss: MSE, Dtype: Float32}, 1)
	if err != nil {
		t.Fatal(err)
	}
	ps := net.Params()
	copy(ps[0].Value.Float32s(), []float32{1e21, 1e21}) // W1: h = 0, 1e21, 1e21, 2e21
	ps[1].Value.Float32s()[0] = 0                       // b1
	ps[2].Value.Float32s()[0] = 2e-3                    // W2: z up to 4e18, z² up to 1.6e37
	before := mustEncode(t, net)
	ds := datasets.XOR()
	ds = &datasets.Dataset{Name: "xor-regression", X: ds.X, Y: mustRegressionY(t, ds)}
	h, err := Train(net, ds, nil, Config{Epochs: 3, BatchSize: 4, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "non-finite gradient") || !strings.Contains(err.Error(), "graph: ") {
		t.Fatalf("Train: %v", err)
	}
	t.Log(err)
	if h.Epochs != 0 {
		t.Errorf("ran %d epochs", h.Epochs)
	}
	if !bytes.Equal(before, mustEncode(t, net)) {
		t.Error("the failing step changed the weights")
	}
}

// TestNoModelFromDivergedTraining lets gradient descent diverge (finite
// gradients of about 1e3 times a learning rate of 1e307 overflow in the
// update, so the next loss is NaN) and checks that Train's error names a
// node, and that neither Save nor SaveNPZ writes the broken weights.
func TestNoModelFromDivergedTraining(t *testing.T) {
	net, _ := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1, Loss: MSE}, 1)
	ds := datasets.XOR()
	y := mustRegressionY(t, ds)
	for i := range y.Float64s() {
		y.Float64s()[i] = 1000 * (y.Float64s()[i] + 1)
	}
	_, err := Train(net, &datasets.Dataset{Name: "xor", X: ds.X, Y: y}, nil, Config{Epochs: 5, LR: 1e307, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "non-finite loss") || !strings.Contains(err.Error(), "graph: ") {
		t.Fatalf("Train: %v", err)
	}
	t.Log(err)
	dir := t.TempDir()
	if err := Save(net, filepath.Join(dir, "m.model")); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("Save: %v", err)
	}
	if err := SaveNPZ(net, filepath.Join(dir, "m.npz")); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("SaveNPZ: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files left in the directory", len(entries))
	}
}

// mustRegressionY returns ds's class labels as float64 targets [n, 1].
func mustRegressionY(t *testing.T, ds *datasets.Dataset) *tensor.Dense {
	t.Helper()
	labels := ds.Y.Ints()
	y := make([]float64, len(labels))
	for i, l := range labels {
		y[i] = float64(l)
	}
	return tensor.New(tensor.WithShape(len(y), 1), tensor.WithBacking(y))
}
