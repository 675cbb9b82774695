// Command cnn trains a small convolutional network, built from package
// layers, on the 10,000 embedded MNIST digits and tests it on a stratified
// held-out fifth:
//
//	image [1, 28, 28] → conv 3×3, 8 filters → ReLU → max pool 2×2
//	                  → conv 3×3, 16 filters → ReLU → max pool 2×2
//	                  → flatten (16·7·7 = 784) → dense 64 → ReLU → dropout 0.25 → dense 10
//
// with softmax cross-entropy and Adam, each training image shifted by up to
// two pixels every epoch (datasets.Shifter). It is the layers-package view
// of what `chainrule train --net cnn` does with nets.
//
//	go run ./examples/cnn [-epochs 3] [-shift 2]
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

func main() {
	epochs := flag.Int("epochs", 3, "passes over the 8,000 training digits")
	shift := flag.Int("shift", 2, "shift each training image by up to this many pixels (0: none)")
	flag.Parse()

	ds, err := datasets.MNIST()
	if err != nil {
		log.Fatal(err)
	}
	if err := ds.ScaleRange(0, 1, 0, 255); err != nil {
		log.Fatal(err)
	}
	train, test, err := datasets.StratifiedSplit(ds, 0.2, 1)
	if err != nil {
		log.Fatal(err)
	}

	block := func(name string, out int) []layers.Layer {
		return []layers.Layer{layers.Name(name, &layers.Conv2D{Out: out, Kernel: [2]int{3, 3}, Padding: [2]int{1, 1}}),
			layers.ReLU{}, &layers.MaxPool2D{Kernel: [2]int{2, 2}}}
	}
	cnn := layers.Seq(append(append(block("conv1", 8), block("conv2", 16)...),
		layers.Flatten{}, layers.Name("fc", &layers.Linear{Out: 64, Init: "he"}), layers.ReLU{},
		&layers.Dropout{P: 0.25}, layers.Name("out", &layers.Linear{Out: 10}))...)
	m, err := layers.NewModel(cnn, layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 1, 28, 28}, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	const batch = 32
	tr, err := m.LabelTrainer(batch, ops.SoftmaxCrossEntropy)
	if err != nil {
		log.Fatal(err)
	}
	it, err := datasets.NewBatches(train, batch, rand.New(rand.NewPCG(1, 1)), true)
	if err != nil {
		log.Fatal(err)
	}
	sh, err := datasets.NewShifter(train.SampleShape, *shift, 1)
	if err != nil {
		log.Fatal(err)
	}
	x := tensor.New(tensor.WithShape(batch, 1, 28, 28), tensor.Of(tensor.Float32))
	opt := &solvers.Adam{Options: solvers.Options{LR: 2e-3}}
	fmt.Printf("CNN with %d params on %d training digits\n", m.Store().NumParams(), train.Len())
	for epoch := 1; epoch <= *epochs; epoch++ {
		sum := 0.0
		for it.Next() {
			if err := sh.Shift(it.X()); err != nil {
				log.Fatal(err)
			}
			toFloat32(x, it.X())
			loss, err := tr.Step(x, it.Y(), opt)
			if err != nil {
				log.Fatal(err)
			}
			sum += loss
		}
		it.Reset()
		fmt.Printf("epoch %d: mean training loss %.4f, held-out accuracy %.2f %%\n", epoch, sum/float64(it.NumBatches()), 100*accuracy(m, test))
	}
}

// toFloat32 copies a float64 batch [B, 784] into the images x [B, 1, 28, 28].
func toFloat32(x, rows *tensor.Dense) {
	dst := x.Float32s()
	for i, v := range rows.Float64s() {
		dst[i] = float32(v)
	}
}

// accuracy predicts the whole test set in one batch, in evaluation mode
// (no dropout), and counts the arg-max that matches the label.
func accuracy(m *layers.Model, test *datasets.Dataset) float64 {
	n := test.Len()
	x := tensor.New(tensor.WithShape(n, 1, 28, 28), tensor.Of(tensor.Float32))
	toFloat32(x, test.X)
	y, err := m.Predict(x)
	if err != nil {
		log.Fatal(err)
	}
	out, labels, correct := y.Float32s(), test.Y.Ints(), 0
	for i := 0; i < n; i++ {
		best := 0
		for k := 1; k < 10; k++ {
			if out[i*10+k] > out[i*10+best] {
				best = k
			}
		}
		if best == labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(n)
}
