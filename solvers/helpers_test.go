package solvers

import (
	"math"
	"testing"

	"gorgonia.org/tensor"
)

// vec returns a 1-D tensor of dtype T holding x.
func vec[T float32 | float64](x ...float64) *tensor.Dense {
	b := make([]T, len(x))
	for i, v := range x {
		b[i] = T(v)
	}
	return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(b))
}

// backingOf returns t's backing slice as []T; T must be t's dtype.
func backingOf[T float32 | float64](t *tensor.Dense) []T {
	var z T
	if _, ok := any(z).(float64); ok {
		return any(t.Float64s()).([]T)
	}
	return any(t.Float32s()).([]T)
}

// values returns t's elements as float64, whatever its dtype.
func values(t *tensor.Dense) []float64 {
	var out []float64
	switch t.Dtype() {
	case tensor.Float64:
		out = append(out, t.Float64s()...)
	case tensor.Float32:
		for _, v := range t.Float32s() {
			out = append(out, float64(v))
		}
	}
	return out
}

// setGrad writes x into t's backing slice, whatever its dtype.
func setGrad(t *tensor.Dense, x ...float64) {
	if t.Dtype() == tensor.Float64 {
		copy(t.Float64s(), x)
		return
	}
	for i, v := range x {
		t.Float32s()[i] = float32(v)
	}
}

// tolFor returns the tolerance of a hand-computed comparison in t's dtype.
func tolFor(t *tensor.Dense) float64 {
	if t.Dtype() == tensor.Float32 {
		return 1e-6
	}
	return 1e-12
}

// assertClose fails t when got and want differ by more than tol, relative to
// max(1, |want|).
func assertClose(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values %v, want %d values %v", name, len(got), got, len(want), want)
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol*math.Max(1, math.Abs(want[i]))) {
			t.Errorf("%s: [%d] = %.15g, want %.15g (diff %.3g, tol %.3g)", name, i, got[i], want[i], d, tol)
		}
	}
}

// steps is a hand-computed trajectory: starting parameters, the gradients fed
// at each step (the same gradient elements for every parameter tensor), and
// the parameters expected after each step.
type steps struct {
	w0    []float64
	grads [][]float64
	want  [][]float64
	tol   float64 // relative tolerance in float64; zero means 1e-12
}

// runBoth runs tc with a fresh solver from mk, once with float64 tensors and
// once with float32 ones, checking the parameters after every step.
func runBoth(t *testing.T, name string, mk func() Solver, tc steps) {
	t.Helper()
	for _, dt := range []string{"float64", "float32"} {
		var w, g *tensor.Dense
		if dt == "float64" {
			w, g = vec[float64](tc.w0...), vec[float64](tc.w0...)
		} else {
			w, g = vec[float32](tc.w0...), vec[float32](tc.w0...)
		}
		s := mk()
		for k, gk := range tc.grads {
			setGrad(g, gk...)
			if err := s.Step([]*tensor.Dense{w}, []*tensor.Dense{g}); err != nil {
				t.Fatalf("%s/%s: step %d: %v", name, dt, k, err)
			}
			tol := tolFor(w)
			if tc.tol > tol {
				tol = tc.tol
			}
			assertClose(t, name+"/"+dt, values(w), tc.want[k], tol)
		}
	}
}
