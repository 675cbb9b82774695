package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// BatchNorm normalises each channel (axis 1) of [N, C], [N, C, L] or
// [N, C, H, W] input, as PyTorch's nn.BatchNorm1d and nn.BatchNorm2d do:
//
//	training:    y = (x − μ_B)/√(σ²_B + Eps)·gamma + beta
//	evaluation:  y = (x − mean)/√(var + Eps)·gamma + beta
//
// where μ_B and σ²_B are the batch's mean and population variance over every
// axis but the channel's (N, or N, H and W), and mean and var the running
// statistics. After each training step
//
//	mean ← (1 − Momentum)·mean + Momentum·μ_B
//	var  ← (1 − Momentum)·var  + Momentum·σ²_B·n/(n − 1)
//
// with the unbiased batch variance, n the number of values per channel, as
// PyTorch updates running_var. Params "gamma" [C] (ones) and "beta" [C]
// (zeros); state "mean" [C] (zeros) and "var" [C] (ones). A training build
// needs n >= 2; it is ops.BatchStats and the fused ops.BatchNorm, whose
// gradient is two passes over x. Evaluation computes x·a + b with a =
// gamma/√(var + Eps) and b = beta − mean·a per channel, as PyTorch's CPU
// kernel does.
type BatchNorm struct {
	Features int     // channels C; 0 takes x's axis 1
	Momentum float64 // 0 means PyTorch's 0.1; in (0, 1]
	Eps      float64 // 0 means PyTorch's 1e-5
}

// Forward returns the normalised x and, in a training build, registers the
// running statistics' updates.
func (l *BatchNorm) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	sh := x.Shape()
	if len(sh) < 2 || len(sh) > 4 {
		return s.Fail("BatchNorm", errors.Errorf("input %v, want [N, C], [N, C, L] or [N, C, H, W]", sh), x)
	}
	c := sh[1]
	if l.Features != 0 && l.Features != c {
		return s.Fail("BatchNorm", errors.Errorf("input %v has %d channels, want Features = %d", sh, c, l.Features), x)
	}
	mom, eps := l.Momentum, l.Eps
	if mom == 0 {
		mom = 0.1
	}
	if eps == 0 {
		eps = 1e-5
	}
	if !(mom > 0 && mom <= 1) || !(eps > 0) {
		return s.Fail("BatchNorm", errors.Errorf("Momentum = %v, Eps = %v; want Momentum in (0, 1] and Eps > 0", l.Momentum, l.Eps), x)
	}
	gamma := s.Param("gamma", Ones, c)
	beta := s.Param("beta", Zeros, c)
	mean := s.State("mean", Zeros, c)
	vr := s.State("var", Ones, c)
	bshape := []int{1, c}
	n := sh[0]
	for i := 2; i < len(sh); i++ {
		bshape = append(bshape, 1)
		n *= sh[i]
	}
	g := x.Graph()
	k := func(v float64) *graph.Node { return g.ScalarOf(x.Dtype(), v) }
	bc := func(v *graph.Node) *graph.Node { return ops.Reshape(v, bshape...) }
	if !s.Training() {
		// y = x·a + b with a = gamma/√(var + Eps) and b = beta − mean·a per
		// channel, PyTorch's CPU form: two passes over x.
		a := ops.Div(gamma, ops.Sqrt(ops.Add(vr, k(eps))))
		return ops.Add(ops.Mul(x, bc(a)), bc(ops.Sub(beta, ops.Mul(mean, a))))
	}
	if n < 2 {
		return s.Fail("BatchNorm", errors.Errorf("input %v has %d value per channel; training needs at least 2 (the unbiased variance divides by n − 1)", sh, n), x)
	}
	// One op for the statistics, one for the normalisation (and two for
	// its gradient), not the dozen broadcasting ops of the formula.
	st := ops.BatchStats(x)
	mu, v := ops.Reshape(ops.Slice(st, 0, 0, 1), c), ops.Reshape(ops.Slice(st, 0, 1, 2), c)
	s.Update(mean, ops.Add(ops.Mul(mean, k(1-mom)), ops.Mul(mu, k(mom))))
	s.Update(vr, ops.Add(ops.Mul(vr, k(1-mom)), ops.Mul(v, k(mom*float64(n)/float64(n-1)))))
	return ops.BatchNorm(x, st, gamma, beta, eps)
}
