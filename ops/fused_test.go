package ops_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A bias add feeding an activation runs as one fused step when nothing else
// reads the sum, with results bit-identical to the two steps run apart
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
				sum := ops.Add(ops.MatMul(x, w), b)
				y := act(sum)
				loss := ops.Sum(ops.Square(y))
				grads := autodiff.MustGrad(loss, x, w, b)
				fused, _ := graph.CompileWith(graph.CompileOptions{Fuse: true}, append([]*graph.Node{loss, y}, grads...)...)
				apart := graph.MustCompile(append([]*graph.Node{loss, y, sum}, grads...)...)
				if fused.Steps() != apart.Steps()-1 {
					t.Errorf("%s %v b%v: %d steps fused, %d apart: want one fewer", name, dt, bshape, fused.Steps(), apart.Steps())
				}
				for _, p := range []*graph.Program{fused, apart} {
					if err := p.Run(nil); err != nil {
						t.Fatal(err)
					}
				}
				if fused.Value(sum) != nil {
					t.Errorf("%s: the fused sum still has a value", name)
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
