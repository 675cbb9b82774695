package layers_test

import (
	"fmt"
	"testing"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
)

func TestMaxPool2D(t *testing.T) {
	checkLayer(t, "MaxPool2D", layerCase{layer: &layers.MaxPool2D{Kernel: [2]int{2, 2}}, in: []int{2, 3, 4, 4}, out: []int{2, 3, 2, 2}})
	// Hout = ⌊(5 + 2·1 − 3)/2⌋ + 1 = 3.
	checkLayer(t, "MaxPool2D padded", layerCase{layer: &layers.MaxPool2D{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}, in: []int{2, 2, 5, 5}, out: []int{2, 2, 3, 3}})
	poolValues(t, &layers.MaxPool2D{Kernel: [2]int{2, 2}}, []float64{5, 7, 13, 15})
}

func TestAvgPool2D(t *testing.T) {
	checkLayer(t, "AvgPool2D", layerCase{layer: &layers.AvgPool2D{Kernel: [2]int{2, 2}}, in: []int{2, 3, 4, 4}, out: []int{2, 3, 2, 2}})
	checkLayer(t, "AvgPool2D padded", layerCase{layer: &layers.AvgPool2D{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}, in: []int{2, 2, 5, 5}, out: []int{2, 2, 3, 3}})
	// Window means of 0 … 15 in a 4×4 grid: (0+1+4+5)/4 = 2.5, ...
	poolValues(t, &layers.AvgPool2D{Kernel: [2]int{2, 2}}, []float64{2.5, 4.5, 10.5, 12.5})
}

// poolValues pools the 4×4 image 0 … 15 (row-major) and compares with want.
func poolValues(t *testing.T, l layers.Layer, want []float64) {
	t.Helper()
	g := graph.New(graph.WithDtype(dtF64))
	v := make([]float64, 16)
	for i := range v {
		v[i] = float64(i)
	}
	y := l.Forward(layers.NewScope(g, newStore(t, dtF64), false), g.Const(dense(dtF64, v, 1, 1, 4, 4)))
	prog, err := graph.Compile(y)
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.Exec(); err != nil {
		t.Fatal(err)
	}
	if got := f64s(prog.Value(y)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%T: %v, want %v", l, got, want)
	}
}
