package ops_test

import (
	"fmt"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A 2×2 kernel [[1, 0], [0, 1]] adds each pixel to the one below and to the
// right of it: on 1…9 in a 3×3 image, 1+5, 2+6, 4+8, 5+9. The gradient of
// the sum with respect to the kernel sums the image under each tap:
// 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9. Max pooling 2×2 with stride 1 keeps
// the bottom-right pixel of each window.
func ExampleConv2D() {
	g := graph.New()
	x := g.Const(tensor.New(tensor.WithShape(1, 1, 3, 3), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9})))
	w := g.Param("w", tensor.New(tensor.WithShape(1, 1, 2, 2), tensor.WithBacking([]float64{1, 0, 0, 1})))
	y := ops.Conv2D(x, w, ops.Conv2DOptions{})
	dw := autodiff.MustGrad(ops.Sum(y), w)[0]
	m := ops.MaxPool2D(x, ops.Pool2DOptions{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}})
	p := graph.MustCompile(y, dw, m)
	if err := p.Exec(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Value(y).Data(), p.Value(dw).Data(), p.Value(m).Data())
	// Output: [6 8 12 14] [12 16 24 28] [5 6 8 9]
}
