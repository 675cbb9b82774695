package layers_test

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// rnnModel is a sequence model of every recurrent layer and attention.
func rnnModel(t *testing.T, dt tensor.Dtype) *layers.Model {
	t.Helper()
	root := layers.Seq(
		&layers.LSTM{Hidden: 8, EveryStep: true},
		&layers.MultiHeadAttention{Heads: 2, Causal: true},
		&layers.Elman{Hidden: 6, EveryStep: true, Activation: "relu"},
		&layers.GRU{Hidden: 4, Init: "he"},
		&layers.Linear{Out: 2},
	)
	m, err := layers.NewModel(root, layers.Spec{Dtype: dt, Input: []int{-1, 5, 3}, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A model of recurrent layers predicts every row of a batch of 7 exactly
// as it predicts that row alone, saves and loads back whole (tree, tensors,
// predictions), and a training step at a cached batch size allocates
// nothing.
func TestRecurrentModel(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		m := rnnModel(t, dt)
		x := rnnRand(dt, 1, 7, 5, 3)
		all, err := m.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		want := f64s(all)
		for i := 0; i < 7; i++ {
			yi, err := m.Predict(rnnRow(x, i))
			if err != nil {
				t.Fatal(err)
			}
			for j, v := range f64s(yi) {
				if v != want[i*2+j] {
					t.Errorf("%v row %d: %v alone, %v in a batch of 7", dt, i, v, want[i*2+j])
				}
			}
		}
		roundTrip(t, "recurrent "+dt.String(), m)
	}
	if why := allocsUncountable(); why != "" {
		t.Skip(why)
	}
	m := rnnModel(t, tensor.Float32)
	tr, err := m.Trainer(7, ops.MeanSquaredError)
	if err != nil {
		t.Fatal(err)
	}
	x, y := rnnRand(tensor.Float32, 1, 7, 5, 3), rnnRand(tensor.Float32, 2, 7, 2)
	opt := &solvers.Adam{Options: solvers.Options{LR: 0.01}}
	if _, err := tr.Step(x, y, opt); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(10, func() {
		if _, err := tr.Step(x, y, opt); err != nil {
			t.Fatal(err)
		}
	}); a != 0 && allocsUncountable() == "" {
		t.Errorf("%v allocations per training step at a cached batch size, want 0", a)
	}
}

// rnnRow returns row i of x [B, ...] as a batch of one, [1, ...].
func rnnRow(x *tensor.Dense, i int) *tensor.Dense {
	sh := append([]int{1}, x.Shape()[1:]...)
	n := x.Shape().TotalSize() / x.Shape()[0]
	out := tensor.New(tensor.WithShape(sh...), tensor.Of(x.Dtype()))
	if x.Dtype() == tensor.Float32 {
		copy(out.Float32s(), x.Float32s()[i*n:(i+1)*n])
	} else {
		copy(out.Float64s(), x.Float64s()[i*n:(i+1)*n])
	}
	return out
}
