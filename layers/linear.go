package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Linear is a dense layer, y = x·W + b, PyTorch's nn.Linear with W stored
// transposed, [In, Out], as nets stores it: params "W" [In, Out] and "b"
// [Out]. The input is [B, In] or [B, ..., In] (the leading dimensions are
// flattened for the product and restored after).
type Linear struct {
	In     int    // input features; 0 takes x's last dimension
	Out    int    // output features, >= 1
	NoBias bool   // leave out b
	Init   string // W's initialiser (see InitByName): "" or "glorot", "he", ...
}

// Forward returns x·W + b.
func (l *Linear) Forward(s *Scope, x *graph.Node) *graph.Node {
	if x.Bad() {
		return x
	}
	sh := x.Shape()
	if len(sh) < 2 {
		return s.Fail("Linear", errors.Errorf("input %v, want [B, ..., In]", sh), x)
	}
	in := sh[len(sh)-1]
	if l.In != 0 && l.In != in {
		return s.Fail("Linear", errors.Errorf("input %v has %d features, want In = %d", sh, in, l.In), x)
	}
	if l.Out < 1 {
		return s.Fail("Linear", errors.Errorf("Out = %d, want >= 1", l.Out), x)
	}
	init, err := InitByName(l.Init)
	if err != nil {
		return s.Fail("Linear", err, x)
	}
	w := s.Param("W", init, in, l.Out)
	var b *graph.Node
	if !l.NoBias {
		b = s.Param("b", Zeros, l.Out)
	}
	h := x
	if len(sh) > 2 {
		h = ops.Reshape(x, -1, in)
	}
	y := ops.MatMul(h, w)
	if b != nil {
		y = ops.Add(y, b)
	}
	if len(sh) > 2 {
		out := append(append([]int(nil), sh[:len(sh)-1]...), l.Out)
		y = ops.Reshape(y, out...)
	}
	return y
}
