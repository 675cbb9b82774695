package ops_test

import (
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// lenet builds a LeNet-sized convolutional step on a batch of b images
// 1×28×28: conv 5×5×20 → ReLU → max-pool 2 → conv 5×5×50 → ReLU → max-pool
// 2, then the mean square of the [b, 50, 4, 4] result as the loss, with its
// gradients with respect to both kernels and biases. It returns the compiled
// program and its input.
func lenet(tb testing.TB, dt tensor.Dtype, b int, opt graph.CompileOptions) (*graph.Program, *graph.Node) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(3, 5))
	random := func(shape ...int) *tensor.Dense {
		t := tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
		switch v := t.Data().(type) {
		case []float64:
			for i := range v {
				v[i] = rng.Float64() - 0.5
			}
		case []float32:
			for i := range v {
				v[i] = float32(rng.Float64() - 0.5)
			}
		}
		return t
	}
	g := graph.New(graph.WithDtype(dt))
	x := g.Input("x", dt, b, 1, 28, 28)
	w1, b1 := g.Param("w1", random(20, 1, 5, 5)), g.Param("b1", random(20, 1, 1))
	w2, b2 := g.Param("w2", random(50, 20, 5, 5)), g.Param("b2", random(50, 1, 1))
	pool := ops.Pool2DOptions{Kernel: [2]int{2, 2}}
	h := ops.MaxPool2D(ops.ReLU(ops.Add(ops.Conv2D(x, w1, ops.Conv2DOptions{}), b1)), pool)
	h = ops.MaxPool2D(ops.ReLU(ops.Add(ops.Conv2D(h, w2, ops.Conv2DOptions{}), b2)), pool)
	loss := ops.Mean(ops.Square(h))
	grads, err := autodiff.Grad(loss, w1, b1, w2, b2)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := graph.CompileWith(opt, append([]*graph.Node{loss}, grads...)...)
	if err != nil {
		tb.Fatal(err)
	}
	if err := p.Set(x, random(b, 1, 28, 28)); err != nil {
		tb.Fatal(err)
	}
	if err := p.Exec(); err != nil {
		tb.Fatal(err)
	}
	return p, x
}

// A convolutional training step (forward and backward through Conv2D,
// MaxPool2D and AvgPool2D) allocates nothing once compiled.
func TestConvRunsWithoutAllocating(t *testing.T) {
	if why := ops.AllocsUncountable(ops.BLAS); why != "" {
		t.Skip(why)
	}
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, opt := range []graph.CompileOptions{{}, graph.Fast} {
			p, _ := lenet(t, dt, 4, opt)
			// A collection empties the sync.Pool inside purego, through
			// which OpenBLAS is called, and refilling it allocates once per
			// P: start the measurement just after one. (Like every alloc
			// test here, AllocsPerRun rounds the mean down: fewer than one
			// stray allocation a run reads as 0.)
			runtime.GC()
			if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
				t.Errorf("%v %+v: LeNet step allocates %v times per run, want 0", dt, opt, n)
			}
		}
		g := graph.New(graph.WithDtype(dt))
		x := g.Param("x", tensor.New(tensor.WithShape(2, 4, 7, 7), tensor.Of(dt)))
		w := g.Param("w", tensor.New(tensor.WithShape(4, 2, 3, 3), tensor.Of(dt)))
		y := ops.Conv2DTranspose(ops.AvgPool2D(x, ops.Pool2DOptions{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}), w,
			ops.Conv2DTransposeOptions{Stride: [2]int{2, 2}, Groups: 2, OutputPadding: [2]int{1, 1}})
		d := autodiff.MustGrad(ops.Sum(ops.Square(y)), x, w)
		p := graph.MustCompile(append(d, y)...)
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
			t.Errorf("%v: AvgPool2D and Conv2DTranspose step allocates %v times per run, want 0", dt, n)
		}
	}
}

// The LeNet step gives the same bits whether Compile fuses the bias adds
// into the ReLUs and shares buffers or not.
func TestLeNetSameWithRewrites(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		plain, _ := lenet(t, dt, 3, graph.CompileOptions{})
		fast, _ := lenet(t, dt, 3, graph.Fast)
		for i, n := range plain.Outputs() {
			a, b := plain.Value(n), fast.Value(fast.Outputs()[i])
			if !reflect.DeepEqual(a.Data(), b.Data()) {
				t.Errorf("%v: output %d differs with graph.Fast", dt, i)
			}
		}
	}
}

// BenchmarkLeNetStep times one forward and backward pass of a LeNet-sized
// network on a batch of 64 MNIST-sized images (see lenet).
func BenchmarkLeNetStep(b *testing.B) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		b.Run(dt.String(), func(b *testing.B) {
			p, _ := lenet(b, dt, 64, graph.Fast)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := p.Exec(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
