package nets

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// TestDFFRegression fits a linear map with a masked and an unmasked MSE.
func TestDFFRegression(t *testing.T) {
	rng := NewRNG(9)
	const n, d, k = 300, 6, 3
	x, y, m := make([]float64, n*d), make([]float64, n*k), make([]float64, n*k)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			for l := 0; l < d; l++ {
				y[i*k+j] += x[i*d+l] * float64((j+l)%3-1) / 2
			}
			if rng.IntN(3) > 0 {
				m[i*k+j] = 1
			} else {
				y[i*k+j] = 0
			}
		}
	}
	for _, masked := range []bool{false, true} {
		ds := &datasets.Dataset{Name: "linear", X: tensor.New(tensor.WithShape(n, d), tensor.WithBacking(x)),
			Y: tensor.New(tensor.WithShape(n, k), tensor.WithBacking(y))}
		if masked {
			ds.Mask = tensor.New(tensor.WithShape(n, k), tensor.WithBacking(m))
		}
		net, err := New(Spec{Kind: KindDFF, Inputs: d, Hidden: []int{16}, Outputs: k, Loss: MSE, Masked: masked}, 1)
		if err != nil {
			t.Fatal(err)
		}
		sol := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
		if _, err := Train(net, ds, nil, Config{Epochs: 100, BatchSize: 20, Solver: sol, Quiet: true}); err != nil {
			t.Fatal(err)
		}
		ev, err := Evaluate(net, ds)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("masked %v: RMSE %.4f", masked, ev.RMSE)
		if want := 0.1; masked && ev.RMSE > want || !masked && ev.RMSE < 0.2 {
			t.Errorf("masked %v: RMSE %.4f", masked, ev.RMSE)
		}
	}
}
