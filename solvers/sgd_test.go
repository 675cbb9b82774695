package solvers

import (
	"math"
	"testing"

	"gorgonia.org/tensor"
)

func TestSGDStep(t *testing.T) {
	for _, tc := range []struct {
		name string
		lr   float64
		tc   steps
	}{
		{
			// w − α·g with α = 0.5: 1 − 0.5·0.5 = 0.75, −2 − 0.5·(−1) = −1.5,
			// 0.5 − 0.5·4 = −1.5.
			name: "one step",
			lr:   0.5,
			tc:   steps{w0: []float64{1, -2, 0.5}, grads: [][]float64{{0.5, -1, 4}}, want: [][]float64{{0.75, -1.5, -1.5}}},
		},
		{
			// α = 0.1: 1 − 0.1·2 = 0.8; then 0.8 − 0.1·(−3) = 1.1; then 1.1 − 0.
			name: "three steps",
			lr:   0.1,
			tc:   steps{w0: []float64{1}, grads: [][]float64{{2}, {-3}, {0}}, want: [][]float64{{0.8}, {1.1}, {1.1}}},
		},
		{
			// The lecture's first epoch from w₀ = −5 with α = 0.001:
			// de/dw(−5) = 4·(−125) − 54·(−5) + 14 = −500 + 270 + 14 = −216,
			// w₁ = −5 − 0.001·(−216) = −4.784.
			name: "lecture epoch",
			lr:   0.001,
			tc:   steps{w0: []float64{-5}, grads: [][]float64{{-216}}, want: [][]float64{{-4.784}}},
		},
	} {
		runBoth(t, tc.name, func() Solver { return &SGD{Options: Options{LR: tc.lr}} }, tc.tc)
	}
}

// TestSGDExact checks that with every option zero, SGD computes w − α·g and
// nothing else: the result is bit-identical to that expression.
func TestSGDExact(t *testing.T) {
	w0 := []float64{0.1, -0.7, 3.3, 1e-300, -2.5e10}
	g0 := []float64{0.3, 0.11, -7.9, 1e300, 3.7}
	const lr = 0.013
	w, g := vec[float64](w0...), vec[float64](g0...)
	s := &SGD{Options: Options{LR: lr}}
	if err := s.Step([]*tensor.Dense{w}, []*tensor.Dense{g}); err != nil {
		t.Fatal(err)
	}
	for i, got := range w.Float64s() {
		want := w0[i] - float64(lr*g0[i])
		if got != want {
			t.Errorf("w[%d] = %v, want exactly %v", i, got, want)
		}
		if g.Float64s()[i] != g0[i] {
			t.Errorf("g[%d] changed to %v", i, g.Float64s()[i])
		}
	}
	if s.Steps() != 1 {
		t.Errorf("Steps() = %d, want 1", s.Steps())
	}
}

// TestSGDMixed updates a float64 and a float32 tensor in one Step, with a
// scalar among them.
func TestSGDMixed(t *testing.T) {
	a, ga := vec[float64](1, 2), vec[float64](1, 1)
	b, gb := vec[float32](4), vec[float32](-2)
	c, gc := tensor.New(tensor.FromScalar(3.0)), tensor.New(tensor.FromScalar(6.0))
	s := &SGD{Options: Options{LR: 0.25}}
	if err := s.Step([]*tensor.Dense{a, b, c}, []*tensor.Dense{ga, gb, gc}); err != nil {
		t.Fatal(err)
	}
	// 1 − 0.25 = 0.75, 2 − 0.25 = 1.75, 4 + 0.5 = 4.5, 3 − 1.5 = 1.5.
	assertClose(t, "a", values(a), []float64{0.75, 1.75}, 0)
	assertClose(t, "b", values(b), []float64{4.5}, 0)
	assertClose(t, "c", values(c), []float64{1.5}, 0)
	s.Reset()
	if s.Steps() != 0 {
		t.Errorf("after Reset, Steps() = %d", s.Steps())
	}
}

// TestSGDExactSplit checks the plain rule on parameters large enough to be
// updated across cores: still exactly w − α·g, element by element, in both
// dtypes, with nothing allocated per step.
func TestSGDExactSplit(t *testing.T) {
	const n, lr = 3*splitGrain + 5, 0.013
	w0 := make([]float64, n)
	g0 := make([]float64, n)
	for i := range w0 {
		w0[i], g0[i] = math.Sin(float64(i)), math.Cos(float64(i)*0.7)*3
	}
	w, g := vec[float64](w0...), vec[float64](g0...)
	w32, g32 := vec[float32](w0...), vec[float32](g0...)
	s := &SGD{Options: Options{LR: lr}}
	if err := s.Step([]*tensor.Dense{w, w32}, []*tensor.Dense{g, g32}); err != nil {
		t.Fatal(err)
	}
	for i := range w0 {
		if want := w0[i] - float64(lr*g0[i]); w.Float64s()[i] != want {
			t.Fatalf("float64 w[%d] = %v, want exactly %v", i, w.Float64s()[i], want)
		}
		if want := float32(w0[i]) - float32(float32(lr)*float32(g0[i])); w32.Float32s()[i] != want {
			t.Fatalf("float32 w[%d] = %v, want exactly %v", i, w32.Float32s()[i], want)
		}
	}
	ps, gs := []*tensor.Dense{w, w32}, []*tensor.Dense{g, g32}
	if a := testing.AllocsPerRun(10, func() { _ = s.Step(ps, gs) }); a != 0 {
		t.Errorf("a split step allocates %v times", a)
	}
}
