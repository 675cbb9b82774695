package solvers

import (
	"math"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// ts is shorthand for a slice of tensors.
func ts(x ...*tensor.Dense) []*tensor.Dense { return x }

func TestStepErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	view, err := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4})).Slice(nil, tensor.S(0))
	if err != nil {
		t.Fatal(err)
	}
	// A Slice of a transposed tensor says it needs no iterator, yet keeps
	// the transposed strides: updating it in memory order pairs w[0,1] with
	// g[1,0].
	tw := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))
	if err := tw.T(); err != nil {
		t.Fatal(err)
	}
	sv, err := tw.Slice(nil)
	if err != nil {
		t.Fatal(err)
	}
	sliceOfT := sv.(*tensor.Dense)
	w22 := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))
	gT := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))
	if err := gT.T(); err != nil {
		t.Fatal(err)
	}
	ints := tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 2}))
	w2, w3 := vec[float64](1, 2), vec[float64](1, 2, 3)
	for _, tc := range []struct {
		name          string
		s             Solver
		params, grads []*tensor.Dense
		want          string
	}{
		{"no learning rate", &SGD{}, ts(w2), ts(w2), "learning rate not set"},
		{"LR and Schedule", &SGD{Options: Options{LR: 1, Schedule: Constant(1)}}, ts(w2), ts(w2), "both LR and Schedule"},
		{"negative LR", &Adam{Options: Options{LR: -1}}, ts(w2), ts(w2), "LR is -1"},
		{"NaN LR", &Adam{Options: Options{LR: nan}}, ts(w2), ts(w2), "LR is NaN"},
		{"negative decay", &SGD{Options: Options{LR: 1, WeightDecay: -0.1}}, ts(w2), ts(w2), "WeightDecay is -0.1"},
		{"NaN clip value", &SGD{Options: Options{LR: 1, ClipValue: nan}}, ts(w2), ts(w2), "ClipValue is NaN"},
		{"infinite clip norm", &SGD{Options: Options{LR: 1, ClipNorm: inf}}, ts(w2), ts(w2), "ClipNorm is +Inf"},
		{"zero constant", &SGD{Options: Options{Schedule: Constant(0)}}, ts(w2), ts(w2), "learning rate 0 at step 0"},
		{"bad step decay", &SGD{Options: Options{Schedule: StepDecay{Initial: 1}}}, ts(w2), ts(w2), "learning rate NaN at step 0"},
		{"length", &SGD{Options: Options{LR: 1}}, ts(w2), ts(w2, w2), "1 params but 2 grads"},
		{"nil", &SGD{Options: Options{LR: 1}}, ts(w2, nil), ts(w2, w2), "nil tensor at index 1"},
		{"shape", &SGD{Options: Options{LR: 1}}, ts(w2, w2), ts(w2, w3), "shape mismatch at index 1: param (2), grad (3)"},
		{"dtype", &SGD{Options: Options{LR: 1}}, ts(w2), ts(vec[float32](1, 2)), "dtype mismatch at index 0: param float64, grad float32 (shapes (2), (2))"},
		{"unsupported", &SGD{Options: Options{LR: 1}}, ts(ints), ts(ints), "unsupported dtype int at index 0"},
		{"view", &SGD{Options: Options{LR: 1}}, ts(view.(*tensor.Dense)), ts(w2), "param at index 0 is a non-contiguous view"},
		{"slice of a transposed param", &SGD{Options: Options{LR: 1}}, ts(w2, sliceOfT), ts(w2, w22), "param at index 1 is a transposed view"},
		{"transposed grad", &SGD{Options: Options{LR: 1}}, ts(w22), ts(gT), "grad at index 0 is a transposed view"},
		{"mu", &Momentum{Options: Options{LR: 1}, Mu: -1}, ts(w2), ts(w2), "Mu is -1"},
		{"dampening", &Momentum{Options: Options{LR: 1}, Dampening: 2}, ts(w2), ts(w2), "Dampening is 2"},
		{"nesterov dampening", &Momentum{Options: Options{LR: 1}, Dampening: 0.5, Nesterov: true}, ts(w2), ts(w2), "Nesterov momentum requires zero Dampening"},
		{"beta1", &Adam{Options: Options{LR: 1}, Beta1: 1}, ts(w2), ts(w2), "Beta1 is 1"},
		{"beta2", &Adam{Options: Options{LR: 1}, Beta2: -0.5}, ts(w2), ts(w2), "Beta2 is -0.5"},
		{"adam eps", &Adam{Options: Options{LR: 1}, Eps: nan}, ts(w2), ts(w2), "Eps is NaN"},
		{"rho", &RMSProp{Options: Options{LR: 1}, Rho: 1.5}, ts(w2), ts(w2), "Rho is 1.5"},
		{"rmsprop eps", &RMSProp{Options: Options{LR: 1}, Eps: -1}, ts(w2), ts(w2), "Eps is -1"},
		{"adagrad eps", &Adagrad{Options: Options{LR: 1}, Eps: -1}, ts(w2), ts(w2), "Eps is -1"},
		{"accumulator", &Adagrad{Options: Options{LR: 1}, InitialAccumulator: nan}, ts(w2), ts(w2), "InitialAccumulator is NaN"},
	} {
		before := values(w2)
		err := tc.s.Step(tc.params, tc.grads)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "solvers: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		assertClose(t, tc.name+": params changed", values(w2), before, 0)
	}
}

// TestStepChanges checks that a Step whose tensors differ from the first
// call's is an error that changes nothing, and that Reset lifts it.
func TestStepChanges(t *testing.T) {
	w, g := vec[float64](1, 2), vec[float64](1, 1)
	w3, g3 := vec[float64](1, 2, 3), vec[float64](1, 1, 1)
	w32, g32 := vec[float32](1, 2), vec[float32](1, 1)
	a := &Adam{Options: Options{LR: 0.1}}
	if err := a.Step(ts(w), ts(g)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		params, grads []*tensor.Dense
		want          string
	}{
		{"shape", ts(w3), ts(g3), "param 0 is float64 (3); the first Step had float64 (2)"},
		{"dtype", ts(w32), ts(g32), "param 0 is float32 (2); the first Step had float64 (2)"},
		{"count", ts(w, w), ts(g, g), "2 params; the first Step had 1"},
	} {
		err := a.Step(tc.params, tc.grads)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if a.Steps() != 1 {
		t.Errorf("Steps() = %d after failed steps, want 1", a.Steps())
	}
	a.Reset()
	if err := a.Step(ts(w3), ts(g3)); err != nil || a.Steps() != 1 {
		t.Errorf("after Reset: error %v, Steps() = %d", err, a.Steps())
	}
}

// TestScheduleErrorAtLaterStep checks that a schedule whose rate reaches zero
// makes that step, not the earlier ones, fail.
func TestScheduleErrorAtLaterStep(t *testing.T) {
	w, g := vec[float64](0), vec[float64](1)
	s := &SGD{Options: Options{Schedule: Exponential{Initial: 1}}} // Gamma 0: rate 1, then 0
	if err := s.Step(ts(w), ts(g)); err != nil {
		t.Fatalf("step 0: %v", err)
	}
	err := s.Step(ts(w), ts(g))
	if err == nil || !strings.Contains(err.Error(), "learning rate 0 at step 1") {
		t.Errorf("step 1: error %v", err)
	}
	if got := w.Float64s()[0]; got != -1 || s.Steps() != 1 {
		t.Errorf("w = %v, Steps() = %d; want -1, 1", got, s.Steps())
	}
}

// TestStepRevalidates checks that the check skipped for the tensors of the
// last call still runs when a tensor, its backing array or its dtype changes.
func TestStepRevalidates(t *testing.T) {
	w, g := vec[float64](1, 2), vec[float64](1, 1)
	params, grads := ts(w), ts(g)
	s := &Adam{Options: Options{LR: 0.1}}
	for range 2 {
		if err := s.Step(params, grads); err != nil {
			t.Fatal(err)
		}
	}
	grads[0] = vec[float64](1, 1, 1)
	if err := s.Step(params, grads); err == nil || !strings.Contains(err.Error(), "shape mismatch at index 0") {
		t.Fatalf("new grad of another shape: err = %v", err)
	}
	params[0], grads[0] = vec[float64](1, 2, 3), vec[float64](1, 1, 1)
	if err := s.Step(params, grads); err == nil || !strings.Contains(err.Error(), "param 0 is float64 (3); the first Step had float64 (2)") {
		t.Fatalf("new param of another shape: err = %v", err)
	}
	params[0], grads[0] = w, g
	w.Raw = make([]byte, 3*8) // same tensor, new backing array that its shape does not fit
	if err := s.Step(params, grads); err == nil || !strings.Contains(err.Error(), "backing array") {
		t.Fatalf("param with a new backing array of another length: err = %v", err)
	}
}
