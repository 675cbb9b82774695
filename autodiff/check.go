package autodiff

import (
	"math"
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// CheckOptions configures CheckGrad. Zero values select the defaults.
type CheckOptions struct {
	// Feeds gives the values of the graph's inputs.
	Feeds graph.Feeds
	// Step is the finite-difference step h. Default: 1e-6 for float64 and
	// 3e-3 for float32 (about the cube root of the dtype's epsilon, which
	// balances truncation error O(h²) against rounding error O(ε/h)).
	Step float64
	// MaxElements is the largest tensor checked element by element; larger
	// ones get the dot-product test along Directions random directions.
	// Default 256.
	MaxElements int
	// Directions is the number of random directions for large tensors.
	// Default 3.
	Directions int
	// Seed seeds the random directions. Default 1.
	Seed uint64
	// Training runs the program in training mode (graph.Program.SetTraining)
	// with its run counter held at 0 for every evaluation, so that ops such
	// as ops.Dropout draw the same mask each time and the check sees one
	// smooth function. Default: evaluation mode.
	Training bool
}

// CheckResult reports the worst disagreement CheckGrad found.
type CheckResult struct {
	MaxError float64     // worst error, |a − n| / max(1, |a|, |n|)
	Node     *graph.Node // the wrt node where it occurred
	Index    int         // flat index, or -1 for a random direction
	Analytic float64     // autodiff's value there (a)
	Numeric  float64     // the central difference there (n)
	Checked  int         // number of comparisons made
}

// CheckGrad compares autodiff's gradients of the scalar y with respect to
// each node in wrt (params, or inputs whose values come from opt.Feeds)
// against central differences (f(x+h) − f(x−h)) / 2h. The error measure is
// relative for values above 1 and absolute below: |a − n| / max(1, |a|, |n|).
// Params are restored to their values afterwards.
//
// It errors when the graph has an error, when a wrt node is a constant or an
// op, or when running the graph fails.
func CheckGrad(y *graph.Node, wrt []*graph.Node, opt *CheckOptions) (CheckResult, error) {
	var o CheckOptions
	if opt != nil {
		o = *opt
	}
	grads, err := Grad(y, wrt...)
	if err != nil {
		return CheckResult{}, err
	}
	prog, err := graph.Compile(append([]*graph.Node{y}, grads...)...)
	if err != nil {
		return CheckResult{}, err
	}
	prog.SetTraining(o.Training)
	if err := prog.Run(o.Feeds); err != nil {
		return CheckResult{}, err
	}
	analytic := make([][]float64, len(wrt))
	for i, gn := range grads {
		analytic[i] = toF64(prog.Value(gn))
	}
	if o.MaxElements == 0 {
		o.MaxElements = 256
	}
	if o.Directions == 0 {
		o.Directions = 3
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	f := func() (float64, error) {
		prog.SetCounter(0)
		if err := prog.Exec(); err != nil {
			return 0, err
		}
		return toF64(prog.Value(y))[0], nil
	}
	res := CheckResult{Index: -1}
	for i, w := range wrt {
		var t *tensor.Dense
		switch w.Kind() {
		case graph.KindParam:
			t = w.Value()
		case graph.KindInput:
			t = prog.Value(w)
		default:
			return res, errors.Errorf("autodiff: CheckGrad: wrt[%d] (%s) is a %v; want a param or an input", i, w.Name(), w.Kind())
		}
		if t == nil {
			continue // y does not depend on it; Grad gave zeros
		}
		h := o.Step
		if h == 0 {
			h = 1e-6
			if t.Dtype() == tensor.Float32 {
				h = 3e-3
			}
		}
		var err error
		if t.Size() <= o.MaxElements {
			err = checkElements(&res, w, t, analytic[i], h, f)
		} else {
			err = checkDirections(&res, w, t, analytic[i], h, o.Directions, rng, f)
		}
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

func checkElements(res *CheckResult, w *graph.Node, t *tensor.Dense, a []float64, h float64, f func() (float64, error)) error {
	x := toF64(t)
	for k := range x {
		hi, lo := set(t, k, x[k]+h), set(t, k, x[k]-h) // the values actually stored
		set(t, k, hi)
		fp, err := f()
		if err == nil {
			set(t, k, lo)
			var fm float64
			fm, err = f()
			res.record(w, k, a[k], (fp-fm)/(hi-lo))
		}
		set(t, k, x[k])
		if err != nil {
			return err
		}
	}
	return nil
}

func checkDirections(res *CheckResult, w *graph.Node, t *tensor.Dense, a []float64, h float64, n int, rng *rand.Rand, f func() (float64, error)) error {
	x := toF64(t)
	v := make([]float64, len(x))
	defer setAll(t, x)
	for d := 0; d < n; d++ {
		dot := 0.0
		for k := range v {
			v[k] = rng.NormFloat64()
			dot += a[k] * v[k]
		}
		var fs [2]float64
		for s, sign := range [2]float64{1, -1} {
			for k := range x {
				set(t, k, x[k]+sign*h*v[k])
			}
			var err error
			if fs[s], err = f(); err != nil {
				return err
			}
		}
		res.record(w, -1, dot, (fs[0]-fs[1])/(2*h))
	}
	return nil
}

func (r *CheckResult) record(w *graph.Node, k int, a, n float64) {
	r.Checked++
	e := math.Abs(a-n) / math.Max(1, math.Max(math.Abs(a), math.Abs(n)))
	if math.IsNaN(e) {
		e = math.Inf(1)
	}
	if r.Node == nil || e > r.MaxError {
		r.MaxError, r.Node, r.Index, r.Analytic, r.Numeric = e, w, k, a, n
	}
}

// set stores v at flat index k (rounded to t's dtype) and returns the value
// actually stored.
func set(t *tensor.Dense, k int, v float64) float64 {
	if t.Dtype() == tensor.Float32 {
		s := t.Float32s()
		s[k] = float32(v)
		return float64(s[k])
	}
	t.Float64s()[k] = v
	return v
}

func setAll(t *tensor.Dense, x []float64) {
	for k, v := range x {
		set(t, k, v)
	}
}

func toF64(t *tensor.Dense) []float64 {
	if t.Dtype() == tensor.Float32 {
		s := t.Float32s()
		out := make([]float64, len(s))
		for i, v := range s {
			out[i] = float64(v)
		}
		return out
	}
	return append([]float64(nil), t.Float64s()...)
}
