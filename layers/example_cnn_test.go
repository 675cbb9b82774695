package layers_test

import (
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// A CNN for 28×28 grey images. Its params, by hand: conv 8·1·3·3 + 8 = 80,
// conv 16·8·3·3 + 16 = 1,168, then two 2×2 pools leave 16·7·7 = 784
// features, dense 784·32 + 32 = 25,120 and 32·10 + 10 = 330: 26,698. Taught
// that blank images are class 3 (int labels), it says so at any batch size.
func Example_cnn() {
	conv := func(out int) []layers.Layer {
		return []layers.Layer{&layers.Conv2D{Out: out, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}}, layers.ReLU{}, &layers.MaxPool2D{Kernel: [2]int{2, 2}}}
	}
	cnn := layers.Seq(append(append(conv(8), conv(16)...), layers.Flatten{}, &layers.Linear{Out: 32, Init: "he"},
		layers.ReLU{}, &layers.Dropout{P: 0.5}, &layers.Linear{Out: 10})...)
	m, err := layers.NewModel(cnn, layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 1, 28, 28}, Seed: 1})
	var tr *layers.Trainer
	if err == nil {
		tr, err = m.LabelTrainer(64, ops.SoftmaxCrossEntropy)
	}
	x, threes := tensor.New(tensor.WithShape(64, 1, 28, 28), tensor.Of(tensor.Float32)), tensor.New(tensor.WithBacking(make([]int, 64)))
	threes.Memset(3)
	for step, opt := 0, (&solvers.SGD{Options: solvers.Options{LR: 0.1}}); step < 20 && err == nil; step++ {
		_, err = tr.Step(x, threes, opt)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	y, _ := m.Predict(tensor.New(tensor.WithShape(2, 1, 28, 28), tensor.Of(tensor.Float32)))
	fmt.Println("params:", m.Store().NumParams(), "output:", y.Shape(), "classes:", argmax(f64s(y)[:10]), argmax(f64s(y)[10:]))
	// Output:
	// params: 26698 output: (2, 10) classes: 3 3
}
