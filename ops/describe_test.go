package ops_test

import (
	"reflect"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// TestDescribe checks that Describe gives each op's constructor parameters,
// normalised (axes non-negative, Reshape's -1 resolved, defaults filled in).
func TestDescribe(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2, 6)
	img := g.Input("img", tensor.Float64, 1, 2, 5, 5)
	w := g.Input("w", tensor.Float64, 4, 2, 3, 3)
	p := g.Param("p", tensor.New(tensor.WithShape(2, 6), tensor.WithBacking(make([]float64, 12))))
	d, err := autodiff.Grad(ops.Sum(ops.Slice(p, -1, 1, 4)), p)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		n    *graph.Node
		want ops.Attrs
	}{
		{ops.Tanh(x), ops.Attrs{Op: "Tanh"}},
		{ops.Add(x, x), ops.Attrs{Op: "Add"}},
		{ops.MatMulT(x, x, true, false), ops.Attrs{Op: "MatMul", TransA: true}},
		{ops.Reshape(x, 3, -1), ops.Attrs{Op: "Reshape", Shape: []int{3, 4}}},
		{ops.Transpose(x, 1, 0), ops.Attrs{Op: "Transpose", Perm: []int{1, 0}}},
		{ops.Slice(x, -1, 2, 5), ops.Attrs{Op: "Slice", Axis: 1, Start: 2, End: 5}},
		{ops.Concat(-1, x, x), ops.Attrs{Op: "Concat", Axis: 1}},
		{ops.LogSoftmax(x, -1), ops.Attrs{Op: "LogSoftmax", Axis: 1}},
		{ops.Max(x, -2), ops.Attrs{Op: "Max", Axis: 0}},
		{ops.ArgMax(x, 1), ops.Attrs{Op: "ArgMax", Axis: 1}},
		{ops.SumTo(x, 1, 6), ops.Attrs{Op: "SumTo", Shape: []int{1, 6}}},
		{ops.BroadcastTo(x, 3, 2, 6), ops.Attrs{Op: "BroadcastTo", Shape: []int{3, 2, 6}}},
		{ops.LeakyReLU(x, 0.2), ops.Attrs{Op: "LeakyReLU", Scalars: []float64{0.2}}},
		{ops.ELU(x, 1.5), ops.Attrs{Op: "ELU", Scalars: []float64{1.5}}},
		{ops.Clamp(x, -1, 3), ops.Attrs{Op: "Clamp", Scalars: []float64{-1, 3}}},
		{ops.Pow(x, 3), ops.Attrs{Op: "Pow", Scalars: []float64{3}}},
		{ops.Pad(x, 7, [2]int{1, 0}, [2]int{0, 2}), ops.Attrs{Op: "Pad", Scalars: []float64{7}, Widths: [][2]int{{1, 0}, {0, 2}}}},
		{d[0], ops.Attrs{Op: "Pad", Scalars: []float64{0}, Widths: [][2]int{{0, 0}, {1, 2}}}}, // Slice's adjoint
		{ops.Conv2D(img, w, ops.Conv2DOptions{Padding: [2]int{1, 0}}), ops.Attrs{Op: "Conv2D",
			Conv: ops.Conv2DOptions{Stride: [2]int{1, 1}, Padding: [2]int{1, 0}, Dilation: [2]int{1, 1}, Groups: 1}}},
		{ops.MaxPool2D(img, ops.Pool2DOptions{Kernel: [2]int{2, 3}}), ops.Attrs{Op: "MaxPool2D",
			Pool: ops.Pool2DOptions{Kernel: [2]int{2, 3}, Stride: [2]int{2, 3}}}},
		{ops.AvgPool2D(img, ops.Pool2DOptions{Kernel: [2]int{3, 3}, Stride: [2]int{1, 2}, Padding: [2]int{1, 1}}), ops.Attrs{Op: "AvgPool2D",
			Pool: ops.Pool2DOptions{Kernel: [2]int{3, 3}, Stride: [2]int{1, 2}, Padding: [2]int{1, 1}}}},
		{ops.OneHot(g.Input("l", tensor.Int, 3), 4, tensor.Float32), ops.Attrs{Op: "OneHot", Classes: 4, Dtype: tensor.Float32}},
		{ops.Dropout(x, 0.25, 7), ops.Attrs{Op: "Dropout", Scalars: []float64{0.25}}},
		{ops.Gather(x, g.Input("i", tensor.Int, 4)), ops.Attrs{Op: "Gather"}},
		{ops.BatchMatMul(img, img, false, true), ops.Attrs{Op: "BatchMatMul", TransB: true}},
		{ops.BatchStats(img), ops.Attrs{Op: "BatchStats"}},
		{ops.BatchNorm(img, ops.BatchStats(img), g.Input("gamma", tensor.Float64, 2), g.Input("beta", tensor.Float64, 2), 1e-5),
			ops.Attrs{Op: "BatchNorm", Scalars: []float64{1e-5}}},
	}
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		got, ok := ops.Describe(c.n)
		if !ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Describe(%v) = %+v, %v; want %+v, true", c.n, got, ok, c.want)
		}
	}
}

// TestDescribeUndescribed checks that leaves, gradient-only ops and ops from
// other packages are not described.
func TestDescribeUndescribed(t *testing.T) {
	g := graph.New()
	img := g.Input("img", tensor.Float64, 1, 2, 5, 5)
	w := g.Input("w", tensor.Float64, 2, 1, 3, 3)
	ct := ops.Conv2DTranspose(img, w, ops.Conv2DTransposeOptions{})
	if a, ok := ops.Describe(ct); ok || a.Op != "Conv2DTranspose" {
		t.Errorf("Describe(Conv2DTranspose) = %+v, %v; want the name alone, false", a, ok)
	}
	if a, ok := ops.Describe(img); ok || a.Op != "" {
		t.Errorf("Describe(input) = %+v, %v; want nothing", a, ok)
	}
	if _, ok := ops.Describe(nil); ok {
		t.Error("Describe(nil) is described")
	}
}
