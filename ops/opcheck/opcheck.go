package opcheck

import (
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Tolerances for Run's worst error (see autodiff.CheckResult). float64 uses
// h = 1e-6: truncation O(h²) ≈ 1e-12 and rounding O(ε/h) ≈ 1e-10, far below
// 1e-6. float32 uses h = 3e-3: rounding of the loss (a sum of up to ~100
// float32 terms, relative error ~ 100·6e-8) divided by 2h gives ~1e-3, and
// truncation h²·|f”'|/6 stays below ~1e-4 for the smooth ops here, so 1e-2
// leaves a margin of ~10 while still catching any wrong derivative (a wrong
// gradient is off by O(1)).
const (
	Tol64 = 1e-6
	Tol32 = 1e-2
)

// Case is one gradient-check case for the op named Op.
type Case struct {
	Op   string // the ops function covered, e.g. "Add"
	Name string // what the case exercises, e.g. "[3 4]+[4]"
	// Build makes the op's operands as params (see Param) and returns the op's
	// output and the params to differentiate with respect to.
	Build func(b *Builder) (out *graph.Node, wrt []*graph.Node)
	// Training checks the program in training mode with its run counter
	// held (autodiff.CheckOptions.Training), for ops such as Dropout.
	Training bool
}

// Builder makes random operands of one dtype from one seed.
type Builder struct {
	G   *graph.Graph
	Dt  tensor.Dtype
	rng *rand.Rand
	n   int
}

// Param adds a param of the given shape with elements drawn uniformly from
// [lo, hi).
func (b *Builder) Param(lo, hi float64, shape ...int) *graph.Node {
	b.n++
	return b.G.Param(string(rune('a'+b.n-1)), b.Random(lo, hi, shape...))
}

// Random returns a tensor of the builder's dtype with elements uniform in [lo, hi).
func (b *Builder) Random(lo, hi float64, shape ...int) *tensor.Dense {
	size := 1
	for _, d := range shape {
		size *= d
	}
	v := make([]float64, size)
	for i := range v {
		v[i] = lo + (hi-lo)*b.rng.Float64()
	}
	return fromF64(b.Dt, v, shape)
}

// Const adds a constant holding v with the given shape, in the builder's dtype.
func (b *Builder) Const(v []float64, shape ...int) *graph.Node {
	return b.G.Const(fromF64(b.Dt, v, shape))
}

func fromF64(dt tensor.Dtype, v []float64, shape []int) *tensor.Dense {
	if dt == tensor.Float32 {
		s := make([]float32, len(v))
		for i, x := range v {
			s[i] = float32(x)
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(s))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

// Run builds c in dtype dt, reduces its output to y = Σ out ⊙ R with a random
// R (so that every output element gets a different adjoint), and checks
// ∂y/∂wrt by finite differences.
func Run(c Case, dt tensor.Dtype) (autodiff.CheckResult, error) {
	b := &Builder{G: graph.New(graph.WithDtype(dt)), Dt: dt, rng: rand.New(rand.NewPCG(7, 11))}
	out, wrt := c.Build(b)
	if err := b.G.Err(); err != nil {
		return autodiff.CheckResult{}, err
	}
	if len(wrt) == 0 {
		return autodiff.CheckResult{}, errors.Errorf("opcheck: case %s/%s has nothing to differentiate", c.Op, c.Name)
	}
	r := b.G.Const(b.Random(-1, 1, out.Shape()...))
	y := ops.Sum(ops.Mul(out, r))
	return autodiff.CheckGrad(y, wrt, &autodiff.CheckOptions{Training: c.Training})
}

// Tolerance returns the tolerance for dtype dt.
func Tolerance(dt tensor.Dtype) float64 {
	if dt == tensor.Float32 {
		return Tol32
	}
	return Tol64
}
