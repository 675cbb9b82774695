package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// LayerNorm normalises each row over its last axis of Features elements,
// y = (x − mean)/√(var + Eps)·gamma + beta with the population variance
// (PyTorch's nn.LayerNorm(Features)): params "gamma" [Features] (ones) and
// "beta" [Features] (zeros), none with NoAffine. The same in training and
// evaluation.
type LayerNorm struct {
	Features int     // size of the last axis; 0 takes x's
	Eps      float64 // 0 means 1e-5, PyTorch's default
	NoAffine bool    // leave out gamma and beta
}

// Forward returns the normalised x.
func (l *LayerNorm) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	sh := x.Shape()
	if len(sh) < 1 {
		return s.Fail("LayerNorm", errors.Errorf("input %v, want at least one axis", sh), x)
	}
	f := sh[len(sh)-1]
	if l.Features != 0 && l.Features != f {
		return s.Fail("LayerNorm", errors.Errorf("input %v has %d features, want Features = %d", sh, f, l.Features), x)
	}
	eps := l.Eps
	if eps == 0 {
		eps = 1e-5
	}
	if !(eps > 0) {
		return s.Fail("LayerNorm", errors.Errorf("Eps = %v, want > 0", l.Eps), x)
	}
	var gamma, beta *graph.Node
	if !l.NoAffine {
		gamma = s.Param("gamma", Ones, f)
		beta = s.Param("beta", Zeros, f)
	}
	g := x.Graph()
	mu := ops.MeanKeep(x, -1)
	v := ops.VarianceKeep(x, -1)
	y := ops.Div(ops.Sub(x, mu), ops.Sqrt(ops.Add(v, g.ScalarOf(x.Dtype(), eps))))
	if gamma != nil {
		y = ops.Add(ops.Mul(y, gamma), beta)
	}
	return y
}
