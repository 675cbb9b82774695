package layers_test

import (
	"fmt"
	"os"
	"path/filepath"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// A small MLP learns XOR: built from layers, trained at batch 4, saved and
// evaluated at another batch size.
func Example() {
	mlp := layers.Seq(&layers.Linear{Out: 8}, layers.Tanh{}, &layers.Linear{Out: 2})
	m, err := layers.NewModel(mlp, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 2}, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	x := tensor.New(tensor.WithShape(4, 2), tensor.WithBacking([]float64{0, 0, 0, 1, 1, 0, 1, 1}))
	t := tensor.New(tensor.WithShape(4, 2), tensor.WithBacking([]float64{1, 0, 0, 1, 0, 1, 1, 0}))
	tr, err := m.Trainer(4, ops.SoftmaxCrossEntropy)
	if err != nil {
		fmt.Println(err)
		return
	}
	opt := &solvers.Adam{Options: solvers.Options{LR: 0.05}}
	for step := 0; step < 300; step++ {
		if _, err := tr.Step(x, t, opt); err != nil {
			fmt.Println(err)
			return
		}
	}
	y, _ := m.Predict(x)
	fmt.Println("params:", m.Store().NumParams())
	fmt.Println("classes:", argmaxRows(y))
	dir, _ := os.MkdirTemp("", "layers")
	defer os.RemoveAll(dir)
	if err := layers.Save(m, filepath.Join(dir, "xor.layers")); err != nil {
		fmt.Println(err)
		return
	}
	back, err := layers.Load(filepath.Join(dir, "xor.layers")) // no code needed to rebuild it
	if err != nil {
		fmt.Println(err)
		return
	}
	one, _ := back.Predict(tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]float64{1, 0})))
	fmt.Println("loaded, batch 1:", argmaxRows(one))
	// Output:
	// params: 42
	// classes: [0 1 1 0]
	// loaded, batch 1: [1]
}

// argmaxRows returns the index of each row's largest value.
func argmaxRows(y *tensor.Dense) []int {
	k := y.Shape()[1]
	v := y.Float64s()
	var out []int
	for i := 0; i < len(v); i += k {
		best := 0
		for j := 1; j < k; j++ {
			if v[i+j] > v[i+best] {
				best = j
			}
		}
		out = append(out, best)
	}
	return out
}
