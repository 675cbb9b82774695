package ops_test

import (
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Bad operands and options give bad nodes whose errors name the op, the
// shapes and what was wrong, as PyTorch's conv2d and pooling rules state it.
func TestConvBuildErrors(t *testing.T) {
	s2 := func(a, b int) [2]int { return [2]int{a, b} }
	for _, c := range []struct {
		name  string
		build func(g *graph.Graph) *graph.Node
		parts []string
	}{
		{"rank 3 input", func(g *graph.Graph) *graph.Node {
			return ops.Conv2D(g.Input("x", tensor.Float64, 3, 5, 5), g.Input("w", tensor.Float64, 2, 3, 3, 3), ops.Conv2DOptions{})
		}, []string{"Conv2D", "rank 4", "(3, 5, 5)"}},
		{"channels differ from the weights'", func(g *graph.Graph) *graph.Node {
			return ops.Conv2D(g.Input("x", tensor.Float64, 1, 3, 5, 5), g.Input("w", tensor.Float64, 2, 2, 3, 3), ops.Conv2DOptions{})
		}, []string{"Conv2D", "groups=1", "need 1×2 = 2 input channels, got 3"}},
		{"input channels not divisible by groups", func(g *graph.Graph) *graph.Node {
			return ops.Conv2D(g.Input("x", tensor.Float64, 1, 3, 5, 5), g.Input("w", tensor.Float64, 2, 1, 3, 3), ops.Conv2DOptions{Groups: 2})
		}, []string{"3 input channels are not divisible by groups=2"}},
		{"output channels not divisible by groups", func(g *graph.Graph) *graph.Node {
			return ops.Conv2D(g.Input("x", tensor.Float64, 1, 4, 5, 5), g.Input("w", tensor.Float64, 3, 2, 3, 3), ops.Conv2DOptions{Groups: 2})
		}, []string{"3 output channels are not divisible by groups=2"}},
		{"kernel larger than the padded input", func(g *graph.Graph) *graph.Node {
			return ops.Conv2D(g.Input("x", tensor.Float64, 1, 1, 3, 3), g.Input("w", tensor.Float64, 1, 1, 3, 3), ops.Conv2DOptions{Dilation: s2(2, 1)})
		}, []string{"padded input (3×3) is smaller than the dilated kernel (5×3)", "(1, 1, 3, 3)"}},
		{"negative stride", func(g *graph.Graph) *graph.Node {
			return ops.Conv2D(g.Input("x", tensor.Float64, 1, 1, 3, 3), g.Input("w", tensor.Float64, 1, 1, 1, 1), ops.Conv2DOptions{Stride: s2(1, -1)})
		}, []string{"stride [1 -1] is negative"}},
		{"dtypes differ", func(g *graph.Graph) *graph.Node {
			return ops.Conv2D(g.Input("x", tensor.Float64, 1, 1, 3, 3), g.Input("w", tensor.Float32, 1, 1, 1, 1), ops.Conv2DOptions{})
		}, []string{"Conv2D", "dtype"}},
		{"transposed: output padding not below stride or dilation", func(g *graph.Graph) *graph.Node {
			return ops.Conv2DTranspose(g.Input("x", tensor.Float64, 1, 2, 3, 3), g.Input("w", tensor.Float64, 2, 1, 3, 3),
				ops.Conv2DTransposeOptions{Stride: s2(2, 2), OutputPadding: s2(2, 0)})
		}, []string{"Conv2DTranspose", "output padding [2 0] must be smaller than the stride (2, 2) or the dilation (1, 1)"}},
		{"transposed: weights for other channels", func(g *graph.Graph) *graph.Node {
			return ops.Conv2DTranspose(g.Input("x", tensor.Float64, 1, 2, 3, 3), g.Input("w", tensor.Float64, 3, 1, 3, 3), ops.Conv2DTransposeOptions{})
		}, []string{"Conv2DTranspose", "need 3 input channels, got 2"}},
		{"transposed: empty output", func(g *graph.Graph) *graph.Node {
			return ops.Conv2DTranspose(g.Input("x", tensor.Float64, 1, 2, 1, 1), g.Input("w", tensor.Float64, 2, 1, 1, 1),
				ops.Conv2DTransposeOptions{Padding: s2(1, 0)})
		}, []string{"output would be empty (-1×1)"}},
		{"weight gradient larger than the output", func(g *graph.Graph) *graph.Node {
			return ops.Conv2DWeightGrad(g.Input("x", tensor.Float64, 2, 1, 5, 5), g.Input("dy", tensor.Float64, 2, 3, 4, 3), s2(3, 3), ops.Conv2DOptions{})
		}, []string{"Conv2DWeightGrad", "larger than the convolution's output 3×3"}},
		{"weight gradient, batch sizes differ", func(g *graph.Graph) *graph.Node {
			return ops.Conv2DWeightGrad(g.Input("x", tensor.Float64, 2, 1, 5, 5), g.Input("dy", tensor.Float64, 1, 3, 3, 3), s2(3, 3), ops.Conv2DOptions{})
		}, []string{"batch sizes differ: 2 and 1"}},
		{"weight gradient, no kernel", func(g *graph.Graph) *graph.Node {
			return ops.Conv2DWeightGrad(g.Input("x", tensor.Float64, 2, 1, 5, 5), g.Input("dy", tensor.Float64, 2, 3, 3, 3), s2(0, 3), ops.Conv2DOptions{})
		}, []string{"kernel size (0, 3) is not positive"}},
		{"pool: padding over half the kernel", func(g *graph.Graph) *graph.Node {
			return ops.MaxPool2D(g.Input("x", tensor.Float64, 1, 1, 6, 6), ops.Pool2DOptions{Kernel: s2(3, 3), Padding: s2(2, 1)})
		}, []string{"MaxPool2D", "padding [2 1] must be between 0 and half the kernel [3 3]"}},
		{"pool: no kernel", func(g *graph.Graph) *graph.Node {
			return ops.AvgPool2D(g.Input("x", tensor.Float64, 1, 1, 6, 6), ops.Pool2DOptions{})
		}, []string{"AvgPool2D", "kernel [0 0] is not positive"}},
		{"pool: kernel larger than the input", func(g *graph.Graph) *graph.Node {
			return ops.AvgPool2D(g.Input("x", tensor.Float64, 1, 1, 2, 6), ops.Pool2DOptions{Kernel: s2(3, 3)})
		}, []string{"padded input (2×6) is smaller than the kernel [3 3]"}},
		{"pool: rank 2", func(g *graph.Graph) *graph.Node {
			return ops.MaxPool2D(g.Input("x", tensor.Float64, 6, 6), ops.Pool2DOptions{Kernel: s2(2, 2)})
		}, []string{"rank 4", "(6, 6)"}},
		{"pool: int input", func(g *graph.Graph) *graph.Node {
			return ops.MaxPool2D(g.Input("x", tensor.Int, 1, 1, 6, 6), ops.Pool2DOptions{Kernel: s2(2, 2)})
		}, []string{"MaxPool2D", "want float64 or float32"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := graph.New()
			wantBuildError(t, g, c.build(g), c.parts...)
		})
	}
}

// The output sizes follow PyTorch's rules, worked by hand:
// conv ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1, transposed (H−1)s − 2p + d(k−1) + op + 1,
// pooling ⌊(H + 2p − k)/s⌋ + 1 with the stride defaulting to the kernel.
func TestConvShapes(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2, 4, 28, 27)
	// H: (28 + 2 − 2·2 − 1)/2 + 1 = 13; W: (27 + 0 − 1·4 − 1)/3 + 1 = 8.
	wantShape(t, ops.Conv2D(x, g.Input("w", tensor.Float64, 6, 2, 3, 5),
		ops.Conv2DOptions{Stride: [2]int{2, 3}, Padding: [2]int{1, 0}, Dilation: [2]int{2, 1}, Groups: 2}), 2, 6, 13, 8)
	// H: (28−1)·2 − 2 + 1·1 + 1 + 1 = 55; W: 26 − 0 + 2·2 + 0 + 1 = 31.
	wantShape(t, ops.Conv2DTranspose(x, g.Input("v", tensor.Float64, 4, 3, 2, 3),
		ops.Conv2DTransposeOptions{Stride: [2]int{2, 1}, Padding: [2]int{1, 0}, OutputPadding: [2]int{1, 0}, Dilation: [2]int{1, 2}}), 2, 3, 55, 31)
	// H: (28 − 3)/3 + 1 = 9; W: (27 + 2 − 3)/2 + 1 = 14.
	wantShape(t, ops.MaxPool2D(x, ops.Pool2DOptions{Kernel: [2]int{3, 3}, Stride: [2]int{0, 2}, Padding: [2]int{0, 1}}), 2, 4, 9, 14)
	wantShape(t, ops.AvgPool2D(x, ops.Pool2DOptions{Kernel: [2]int{2, 2}}), 2, 4, 14, 13)
}

// Max pooling's gradient goes to the first maximum of a window, as Max's
// does: in [[1, 3], [3, 2]] the 3 in the first row.
func TestMaxPoolFirstMaximum(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{1, 1, 2, 2}, 1, 3, 3, 2))
	y := ops.MaxPool2D(x, ops.Pool2DOptions{Kernel: [2]int{2, 2}})
	dx := autodiff.MustGrad(ops.Sum(y), x)[0]
	v := eval(t, nil, y, dx)
	near(t, "max", v[0], []float64{3}, 0)
	near(t, "dx", v[1], []float64{0, 1, 0, 0}, 0)
}

// A NaN in a window wins, as in PyTorch 1.13: max_pool2d of [[1, NaN], [3,
// 2]] is NaN with its gradient at the NaN, and of [[NaN, 5], [NaN, 2]] NaN
// with the gradient at the last NaN (each NaN replaces the maximum so far).
func TestMaxPoolNaN(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct{ x, dx []float64 }{
		{[]float64{1, nan, 3, 2}, []float64{0, 1, 0, 0}},
		{[]float64{nan, 5, nan, 2}, []float64{0, 0, 1, 0}},
	} {
		g := graph.New()
		x := g.Param("x", dense64([]int{1, 1, 2, 2}, c.x...))
		y := ops.MaxPool2D(x, ops.Pool2DOptions{Kernel: [2]int{2, 2}})
		v := eval(t, nil, y, autodiff.MustGrad(ops.Sum(y), x)[0])
		if !math.IsNaN(v[0][0]) {
			t.Errorf("MaxPool2D(%v) = %v, want NaN", c.x, v[0][0])
		}
		near(t, "dx", v[1], c.dx, 0)
	}
}
