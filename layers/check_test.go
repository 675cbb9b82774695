package layers_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/ops/opcheck"
)

// layerCase is one layer checked by checkLayer.
type layerCase struct {
	layer    layers.Layer
	in       []int // input shape
	out      []int // want output shape
	params   int   // want trainable scalars
	state    int   // want state scalars
	training bool
	// inputs are uniform in ±[lo, hi): lo > 0 keeps them off the kinks of
	// ReLU-like layers, where a central difference is meaningless.
	lo, hi float64
	// vocab > 0 feeds int indices in [0, vocab) as a constant input (an
	// Embedding's), which has no gradient.
	vocab int
}

// checkLayer builds c.layer on a param input in float64 and float32, checks
// the output shape and the parameter count, and checks the gradient of
// Σ y ⊙ R (R random) with respect to the input and every param against
// central differences, within opcheck's tolerances.
func checkLayer(t *testing.T, name string, c layerCase) {
	t.Helper()
	if c.hi == 0 {
		c.lo, c.hi = 0, 1
	}
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		st := newStore(t, dt)
		g := graph.New(graph.WithDtype(dt))
		r := rand.New(rand.NewPCG(3, 4))
		var x *graph.Node
		if c.vocab > 0 {
			x = g.Const(indices(r, c.vocab, c.in...))
		} else {
			x = g.Param("input", random(r, dt, c.lo, c.hi, c.in...))
		}
		y := c.layer.Forward(layers.NewScope(g, st, c.training), x)
		if err := g.Err(); err != nil {
			t.Fatalf("%s %v: %v", name, dt, err)
		}
		if !y.Shape().Eq(tensor.Shape(c.out)) {
			t.Fatalf("%s %v: output %v, want %v", name, dt, y.Shape(), c.out)
		}
		state := 0
		for _, e := range st.State() {
			state += e.Value.Shape().TotalSize()
		}
		if st.NumParams() != c.params || state != c.state {
			t.Fatalf("%s %v: %d params and %d state, want %d and %d", name, dt, st.NumParams(), state, c.params, c.state)
		}
		var wrt []*graph.Node
		if c.vocab == 0 {
			wrt = append(wrt, x)
		}
		for _, e := range st.Params() {
			wrt = append(wrt, g.ByName(e.Name))
		}
		obj := ops.Sum(ops.Mul(y, g.Const(random(r, dt, 0, 1, c.out...))))
		// A training check holds dropout's mask fixed (the run counter at 0).
		res, err := autodiff.CheckGrad(obj, wrt, &autodiff.CheckOptions{Training: c.training})
		if err != nil {
			t.Fatalf("%s %v: %v", name, dt, err)
		}
		if res.MaxError > opcheck.Tolerance(dt) || res.Checked == 0 {
			t.Errorf("%s %v: gradient error %g at %s[%d] (autodiff %g, numeric %g), %d checked", name, dt, res.MaxError, res.Node.Name(), res.Index, res.Analytic, res.Numeric, res.Checked)
		}
	}
}

// random returns a tensor with elements of random sign and magnitude in
// [lo, hi).
func random(r *rand.Rand, dt tensor.Dtype, lo, hi float64, shape ...int) *tensor.Dense {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float64()
		if r.IntN(2) == 0 {
			v[i] = -v[i]
		}
	}
	return dense(dt, v, shape...)
}

// indices returns an int tensor of the given shape with elements in
// [0, n).
func indices(r *rand.Rand, n int, shape ...int) *tensor.Dense {
	size := 1
	for _, d := range shape {
		size *= d
	}
	v := make([]int, size)
	for i := range v {
		v[i] = r.IntN(n)
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

var dtF64 = tensor.Float64

// buildOn builds l on an input of the given shape over st, in training mode.
func buildOn(t *testing.T, st *layers.Store, l layers.Layer, shape ...int) *graph.Node {
	t.Helper()
	g := graph.New(graph.WithDtype(st.Dtype()))
	y := l.Forward(layers.NewScope(g, st, true), g.Input("input", st.Dtype(), shape...))
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	return y
}

func fmtNames(n []string) string { return strings.Join(n, " ") }

func nan() float64 { z := 0.0; return z / z }
