package ops_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A bias add feeding an activation runs as one fused step when nothing else
// reads the sum (with the matrix product before it when the bias is one
// row), with results bit-identical to the two steps run apart
// (compiled with the sum as an output, which keeps it unfused), forward and
// backward, for each activation, dtype and broadcast.
func TestFusedBiasActivation(t *testing.T) {
	acts := map[string]func(*graph.Node) *graph.Node{"ReLU": ops.ReLU, "Sigmoid": ops.Sigmoid, "Tanh": ops.Tanh}
	for name, act := range acts {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			for _, bshape := range [][]int{{5}, {1, 5}, {3, 1}, {3, 5}, {}} {
				rng := rand.New(rand.NewPCG(1, 2))
				g := graph.New(graph.WithDtype(dt))
				x := g.Param("x", randDense(rng, dt, 3, 4))
				w := g.Param("w", randDense(rng, dt, 4, 5))
				b := g.Param("b", randDense(rng, dt, bshape...))
				prod := ops.MatMul(x, w)
				sum := ops.Add(prod, b)
				y := act(sum)
				loss := ops.Sum(ops.Square(y))
				grads := autodiff.MustGrad(loss, x, w, b)
				fused, _ := graph.CompileWith(graph.CompileOptions{Fuse: true}, append([]*graph.Node{loss, y}, grads...)...)
				apart := graph.MustCompile(append([]*graph.Node{loss, y, sum}, grads...)...)
				// A bias that is one row also takes the product in
				// (TestFusedMatMulBiasActivation).
				fewer := 1
				if len(bshape) == 1 || len(bshape) == 2 && bshape[0] == 1 {
					fewer = 2
				}
				if fused.Steps() != apart.Steps()-fewer {
					t.Errorf("%s %v b%v: %d steps fused, %d apart: want %d fewer", name, dt, bshape, fused.Steps(), apart.Steps(), fewer)
				}
				for _, p := range []*graph.Program{fused, apart} {
					if err := p.Run(nil); err != nil {
						t.Fatal(err)
					}
				}
				// A bias of the product's shape takes the product in
				// instead (TestFusedMatMulAdd): the sum stays.
				gone := sum
				if len(bshape) == 2 && bshape[0] == 3 && bshape[1] == 5 {
					gone = prod
				}
				if fused.Value(gone) != nil {
					t.Errorf("%s b%v: the fused %s still has a value", name, bshape, gone)
				}
				for _, n := range append([]*graph.Node{loss, y}, grads...) {
					if !bitsEqual(fused.Value(n), apart.Value(n)) {
						t.Errorf("%s %v b%v: %s differs fused and apart", name, dt, bshape, n)
					}
				}
			}
		}
	}
}

func randDense(rng *rand.Rand, dt tensor.Dtype, shape ...int) *tensor.Dense {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	if len(shape) == 0 {
		if dt == tensor.Float32 {
			return tensor.New(tensor.FromScalar(float32(v[0])))
		}
		return tensor.New(tensor.FromScalar(v[0]))
	}
	if dt == tensor.Float32 {
		f := make([]float32, n)
		for i := range v {
			f[i] = float32(v[i])
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(f))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

func bitsEqual(a, b *tensor.Dense) bool {
	if a == nil || b == nil || a.Dtype() != b.Dtype() {
		return false
	}
	if a.Dtype() == tensor.Float32 {
		x, y := a.Float32s(), b.Float32s()
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
				return false
			}
		}
		return len(x) == len(y)
	}
	x, y := a.Float64s(), b.Float64s()
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return false
		}
	}
	return len(x) == len(y)
}

// A matrix product feeding a row bias add and an activation runs as one
// step (the product's tiles get the bias and activation as they are
// finished), bit-identical to the three ops run apart, for products large
// enough to be cut into tiles and small enough not to be, each transpose,
// both dtypes, each BLAS, and operands holding NaN and ±Inf. A bias of the
// product's shape, or a product read elsewhere, is not taken in.
func TestFusedMatMulBiasActivation(t *testing.T) {
	saved := ops.BLAS
	defer func() { ops.BLAS = saved }()
	acts := map[string]func(*graph.Node) *graph.Node{"ReLU": ops.ReLU, "Tanh": ops.Tanh}
	for _, blas := range []ops.Gemm{saved, ops.GoBLAS{}, ops.GonumBLAS{}} {
		ops.BLAS = blas
		for _, sz := range [][3]int{{7, 5, 3}, {300, 200, 150}, {1024, 130, 70}} {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
					for name, act := range acts {
						m, k, n := sz[0], sz[1], sz[2]
						rng := rand.New(rand.NewPCG(uint64(m), uint64(n)))
						xs, ws := []int{m, k}, []int{k, n}
						if tr[0] {
							xs = []int{k, m}
						}
						if tr[1] {
							ws = []int{n, k}
						}
						xv, wv, bv := randDense(rng, dt, xs...), randDense(rng, dt, ws...), randDense(rng, dt, n)
						if m > 7 {
							setAt(xv, 3, math.NaN())
							setAt(wv, 5, math.Inf(1))
							setAt(bv, 2, math.Inf(-1))
						}
						g := graph.New(graph.WithDtype(dt))
						x, w, b := g.Param("x", xv), g.Param("w", wv), g.Param("b", bv)
						prod := ops.MatMulT(x, w, tr[0], tr[1])
						y := act(ops.Add(prod, b))
						fused, err := graph.CompileWith(graph.Fast, y)
						if err != nil {
							t.Fatal(err)
						}
						apart := graph.MustCompile(y)
						for _, p := range []*graph.Program{fused, apart} {
							if err := p.Run(nil); err != nil {
								t.Fatal(err)
							}
						}
						what := fmt.Sprintf("%s %v %v %v %s", ops.BLASName(), sz, tr, dt, name)
						if fused.Steps() != 1 || fused.Value(prod) != nil {
							t.Errorf("%s: %d steps, product value %v: want one step", what, fused.Steps(), fused.Value(prod) != nil)
						}
						if !bitsEqual(fused.Value(y), apart.Value(y)) {
							t.Errorf("%s: fused and apart differ", what)
						}
					}
				}
			}
		}
	}
	// Not taken in: a bias of the product's shape, a product that is also
	// an output.
	rng := rand.New(rand.NewPCG(3, 4))
	g := graph.New()
	x, w := g.Param("x", randDense(rng, tensor.Float64, 6, 4)), g.Param("w", randDense(rng, tensor.Float64, 4, 5))
	full := g.Param("full", randDense(rng, tensor.Float64, 6, 5))
	if p, _ := graph.CompileWith(graph.Fast, ops.ReLU(ops.Add(ops.MatMul(x, w), full))); p.Steps() != 2 {
		t.Errorf("a full-shape bias: %d steps, want 2", p.Steps())
	}
	prod := ops.MatMul(x, w)
	if p, _ := graph.CompileWith(graph.Fast, ops.ReLU(ops.Add(prod, g.Param("b", randDense(rng, tensor.Float64, 5)))), prod); p.Steps() != 2 {
		t.Errorf("a product that is an output: %d steps, want 2", p.Steps())
	}
}

// setAt sets element i of v (float32 or float64) to f.
func setAt(v *tensor.Dense, i int, f float64) {
	if v.Dtype() == tensor.Float32 {
		v.Float32s()[i] = float32(f)
		return
	}
	v.Float64s()[i] = f
}

// A matrix product added to a tensor of its shape runs as one step, the
// GEMM adding into that tensor (over its buffer when nothing reads it
// after), bit-identical to the two ops apart: a gradient summed over the
// steps of an unrolled product chain, each transpose, both dtypes, either
// operand order, each BLAS (a BLAS other than GoBLAS computes the product
// in a scratch buffer), with and without buffer sharing, for products that
// are and are not cut into tiles.
func TestFusedMatMulAdd(t *testing.T) {
	saved := ops.BLAS
	defer func() { ops.BLAS = saved }()
	for _, sz := range [][3]int{{1, 6, 5}, {7, 5, 3}, {300, 200, 150}} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
				m, k, n := sz[0], sz[1], sz[2]
				rng := rand.New(rand.NewPCG(uint64(m), uint64(k)))
				g := graph.New(graph.WithDtype(dt))
				acc := g.Param("c", randDense(rng, dt, m, n))
				var prods []*graph.Node
				for i := range 3 {
					xs, ws := []int{m, k}, []int{k, n}
					if tr[0] {
						xs = []int{k, m}
					}
					if tr[1] {
						ws = []int{n, k}
					}
					xv := randDense(rng, dt, xs...)
					if i == 1 && m > 1 {
						setAt(xv, 2, math.NaN())
					}
					x, w := g.Param(fmt.Sprintf("x%d", i), xv), g.Param(fmt.Sprintf("w%d", i), randDense(rng, dt, ws...))
					p := ops.MatMulT(x, w, tr[0], tr[1])
					prods = append(prods, p)
					if i%2 == 0 {
						acc = ops.Add(acc, p)
					} else {
						acc = ops.Add(p, acc)
					}
				}
				y := ops.Tanh(acc)
				apart := graph.MustCompile(y)
				for _, opt := range []graph.CompileOptions{{Fuse: true}, graph.Fast} {
					for _, blas := range []ops.Gemm{ops.GoBLAS{}, saved, ops.GonumBLAS{}} {
						ops.BLAS = blas
						if err := apart.Run(nil); err != nil {
							t.Fatal(err)
						}
						fused, err := graph.CompileWith(opt, y)
						if err != nil {
							t.Fatal(err)
						}
						for range 2 { // the second run reuses the scratch buffer
							if err := fused.Run(nil); err != nil {
								t.Fatal(err)
							}
						}
						what := fmt.Sprintf("%s %v %v %v share=%v", ops.BLASName(), sz, tr, dt, opt.Share)
						if fused.Steps() != apart.Steps()-3 || fused.Value(prods[1]) != nil {
							t.Errorf("%s: %d steps fused, %d apart: want the 3 products taken in", what, fused.Steps(), apart.Steps())
						}
						if !bitsEqual(fused.Value(y), apart.Value(y)) {
							t.Errorf("%s: fused and apart differ", what)
						}
					}
				}
			}
		}
	}
}

// A convolution and its channels' bias ([O, 1, 1] or [1, O, 1, 1]) run as
// one step, bit-identical to the two ops apart, forward and backward, for
// plain, strided, padded, dilated and grouped convolutions, both dtypes and
// each BLAS; a bias added in front, or of another shape, is not taken in.
func TestFusedConvBias(t *testing.T) {
	saved := ops.BLAS
	defer func() { ops.BLAS = saved }()
	opts := []ops.Conv2DOptions{{}, {Stride: [2]int{2, 1}}, {Padding: [2]int{1, 2}}, {Dilation: [2]int{2, 1}}, {Groups: 2}}
	for _, blas := range []ops.Gemm{ops.GoBLAS{}, saved} {
		ops.BLAS = blas
		for _, opt := range opts {
			for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
				for _, bshape := range [][]int{{6, 1, 1}, {1, 6, 1, 1}} {
					rng := rand.New(rand.NewPCG(7, 8))
					g := graph.New(graph.WithDtype(dt))
					xv := randDense(rng, dt, 3, 4, 9, 8)
					setAt(xv, 5, math.NaN())
					x := g.Param("x", xv)
					w := g.Param("w", randDense(rng, dt, 6, 4/max(1, opt.Groups), 3, 3))
					b := g.Param("b", randDense(rng, dt, bshape...))
					conv := ops.Conv2D(x, w, opt)
					y := ops.Add(conv, b)
					loss := ops.Sum(ops.Square(ops.Tanh(y)))
					grads := autodiff.MustGrad(loss, x, w, b)
					outs := append([]*graph.Node{loss, y}, grads...)
					fused, err := graph.CompileWith(graph.Fast, outs...)
					if err != nil {
						t.Fatal(err)
					}
					apart := graph.MustCompile(outs...)
					for _, p := range []*graph.Program{fused, apart} {
						if err := p.Run(nil); err != nil {
							t.Fatal(err)
						}
					}
					what := fmt.Sprintf("%s %+v %v b%v", ops.BLASName(), opt, dt, bshape)
					only, _ := graph.CompileWith(graph.CompileOptions{Fuse: true}, outs...)
					if err := only.Run(nil); err != nil {
						t.Fatal(err)
					}
					if only.Value(conv) != nil || only.Value(y) == nil {
						t.Errorf("%s: the convolution was not taken in", what)
					}
					for i, n := range outs {
						if !bitsEqual(fused.Value(n), apart.Value(n)) {
							t.Errorf("%s: output %d differs fused and apart", what, i)
						}
					}
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(9, 10))
	g := graph.New()
	x, w := g.Param("x", randDense(rng, tensor.Float64, 2, 3, 6, 6)), g.Param("w", randDense(rng, tensor.Float64, 4, 3, 3, 3))
	for name, y := range map[string]*graph.Node{
		"bias in front":  ops.Add(g.Param("b", randDense(rng, tensor.Float64, 4, 1, 1)), ops.Conv2D(x, w, ops.Conv2DOptions{})),
		"bias [4, 4, 1]": ops.Add(ops.Conv2D(x, w, ops.Conv2DOptions{}), g.Param("b2", randDense(rng, tensor.Float64, 4, 4, 1))),
	} {
		if p, _ := graph.CompileWith(graph.Fast, y); p.Steps() != 2 {
			t.Errorf("%s: %d steps, want the convolution and the add apart", name, p.Steps())
		}
	}
}
