package layers_test

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/ops"
)

func TestDropoutGradients(t *testing.T) {
	checkLayer(t, "Dropout training", layerCase{layer: &layers.Dropout{P: 0.5}, in: []int{4, 5}, out: []int{4, 5}, training: true})
	checkLayer(t, "Dropout evaluation", layerCase{layer: &layers.Dropout{P: 0.5}, in: []int{4, 5}, out: []int{4, 5}})
}

// An evaluation build adds no node; both builds draw the one seed.
func TestDropoutBuilds(t *testing.T) {
	st := newStore(t, dtF64)
	g := graph.New(graph.WithDtype(dtF64))
	x := g.Input("x", dtF64, 2, 3)
	if y := (&layers.Dropout{P: 0.3}).Forward(layers.NewScope(g, st, false), x); y != x {
		t.Fatalf("evaluation build returned %v, want the input itself", y)
	}
	if y := (&layers.Dropout{P: 0.3}).Forward(layers.NewScope(g, st, true), x); y == x || !strings.HasPrefix(y.String(), "Dropout") {
		t.Fatalf("training build returned %v, want a Dropout node", y)
	}
	if n := len(st.Seeds()); n != 1 || st.Seeds()[0].Name != "seed" || st.Len() != 0 {
		t.Fatalf("seeds %v and %d tensors, want one seed and none", st.Seeds(), st.Len())
	}
	for _, p := range []float64{-0.1, 1.5, math.NaN()} {
		g := graph.New(graph.WithDtype(dtF64))
		(&layers.Dropout{P: p}).Forward(layers.NewScope(g, st, true).In("drop"), g.Input("x", dtF64, 2))
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), "want a probability in [0, 1]") || !strings.Contains(err.Error(), `"drop"`) {
			t.Errorf("P = %v: error %v", p, err)
		}
	}
}

// ones returns a [b, n] tensor of ones.
func ones(dt tensor.Dtype, b, n int) *tensor.Dense {
	v := make([]float64, b*n)
	for i := range v {
		v[i] = 1
	}
	return dense(dt, v, b, n)
}

// A model of Dropout alone, run on ones: each training run is a mask
// scaled by 1/(1−P), drawn afresh; evaluation returns the input; the same
// seed and counter give the same mask, in a fresh model and after loading.
func TestDropoutModel(t *testing.T) {
	const P, N = 0.25, 4000
	spec := layers.Spec{Dtype: tensor.Float64, Input: []int{-1, N}, Seed: 3}
	m, err := layers.NewModel(&layers.Dropout{P: P}, spec)
	if err != nil {
		t.Fatal(err)
	}
	x := ones(tensor.Float64, 1, N)
	run := func(m *layers.Model) []float64 {
		t.Helper()
		y, err := m.Run(x, true)
		if err != nil {
			t.Fatal(err)
		}
		return f64s(y)
	}
	first := run(m)
	dropped := 0
	for _, v := range first {
		switch v {
		case 0:
			dropped++
		case 1 / (1 - P):
		default:
			t.Fatalf("element %v, want 0 or %v", v, 1/(1-P))
		}
	}
	// Binomial(4000, 0.25): mean 1000, standard deviation 27.4; allow 5σ.
	if math.Abs(float64(dropped)-P*N) > 5*math.Sqrt(N*P*(1-P)) {
		t.Fatalf("%d of %d dropped, want about %v", dropped, N, P*N)
	}
	if m.Counter() != 1 {
		t.Fatalf("counter %d after one training run, want 1", m.Counter())
	}
	second := run(m)
	if same(dense(tensor.Float64, first, N), dense(tensor.Float64, second, N)) {
		t.Fatal("the second training run drew the first one's mask")
	}
	if y, _ := m.Predict(x); !same(y, x) {
		t.Fatal("evaluation changed the input")
	}
	if m.Counter() != 2 {
		t.Fatalf("counter %d: evaluation must not advance it", m.Counter())
	}
	// The same spec (seed) gives the same masks step by step.
	twin, err := layers.NewModel(&layers.Dropout{P: P}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := run(twin), run(twin); !same(dense(tensor.Float64, a, N), dense(tensor.Float64, first, N)) || !same(dense(tensor.Float64, b, N), dense(tensor.Float64, second, N)) {
		t.Fatal("a model of the same seed drew other masks")
	}
	m.SetCounter(0)
	if !same(dense(tensor.Float64, run(m), N), dense(tensor.Float64, first, N)) {
		t.Fatal("SetCounter(0) did not replay the first mask")
	}
	// A saved model keeps its seed and counter: the loaded one draws the
	// masks the original draws next.
	path := filepath.Join(t.TempDir(), "d.layers")
	if err := layers.Save(m, path); err != nil {
		t.Fatal(err)
	}
	back, err := layers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Counter() != 1 || back.Store().Seeds()[0] != m.Store().Seeds()[0] {
		t.Fatalf("loaded counter %d, seeds %v; want 1, %v", back.Counter(), back.Store().Seeds(), m.Store().Seeds())
	}
	if !same(dense(tensor.Float64, run(back), N), dense(tensor.Float64, second, N)) {
		t.Fatal("the loaded model drew another mask")
	}
	other, err := layers.NewModel(&layers.Dropout{P: P}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, N}, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if same(dense(tensor.Float64, run(other), N), dense(tensor.Float64, first, N)) {
		t.Fatal("another seed drew the same mask")
	}
}

// The trainer's program runs in training mode: with dropout, two steps on
// the same batch (Compute: no update) give different losses, and the same
// counter gives the same loss. Two Dropouts draw different masks.
func TestTrainerDropsOut(t *testing.T) {
	root := layers.Seq(&layers.Linear{Out: 32}, &layers.Dropout{P: 0.5}, &layers.Dropout{P: 0.5}, &layers.Linear{Out: 3})
	m, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Store().Seeds(); len(s) != 2 || s[0].Name != "1.seed" || s[1].Name != "2.seed" || s[0].Value == s[1].Value {
		t.Fatalf("seeds %v, want two distinct ones, 1.seed and 2.seed", s)
	}
	xs, ts := blobs(8, 1)
	x, y := rows(tensor.Float64, xs, 0, 8), dense(tensor.Float64, ts, 8, 3)
	tr, err := m.Trainer(8, ops.SoftmaxCrossEntropy)
	if err != nil {
		t.Fatal(err)
	}
	a, err1 := tr.Compute(x, y)
	b, err2 := tr.Compute(x, y)
	m.SetCounter(0)
	c, err := tr.Compute(x, y)
	if err = errors.Join(err1, err2, err); err != nil {
		t.Fatal(err)
	}
	if a == b || a != c {
		t.Fatalf("losses %v, %v, then %v at counter 0: want the first two to differ and the third to equal the first", a, b, c)
	}
}

// seedly asks for a seed only in evaluation builds, and for a param under
// a seed's name: bugs the model and the store report.
type seedly struct{ clash bool }

func (l seedly) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	if l.clash {
		s.Seed("k")
		return ops.Mul(x, s.Param("k", layers.Ones))
	}
	if !s.Training() {
		s.Seed("late")
	}
	return x
}

func TestSeedErrors(t *testing.T) {
	m, err := layers.NewModel(seedly{}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(dense(tensor.Float64, []float64{1, 2}, 1, 2)); err == nil || !strings.Contains(err.Error(), `"late" was created by this build but not by the first`) {
		t.Fatalf("a seed of evaluation builds only: %v", err)
	}
	if len(m.Store().Seeds()) != 0 {
		t.Fatal("the refused build left a seed in the store")
	}
	if _, err := layers.NewModel(seedly{clash: true}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 2}}); err == nil || !strings.Contains(err.Error(), `"k" is a seed, asked for as a param`) {
		t.Fatalf("a param named as a seed: %v", err)
	}
	g := graph.New(graph.WithDtype(dtF64))
	if v := layers.NewScope(g, newStore(t, dtF64), true).Seed("a.b"); v != 0 || g.Err() == nil || !strings.Contains(g.Err().Error(), `bad name "a.b"`) {
		t.Fatalf("seed %d, error %v", v, g.Err())
	}
}

// LoadInto refuses a model fed another input dtype, saying so.
func TestLoadIntoOtherInputDtype(t *testing.T) {
	root := layers.Seq(layers.Flatten{})
	m, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float64, InputDtype: tensor.Float64, Input: []int{-1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.layers")
	if err := layers.Save(m, path); err != nil {
		t.Fatal(err)
	}
	ints, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float64, InputDtype: tensor.Int, Input: []int{-1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if err := layers.LoadInto(ints, path); err == nil || !strings.Contains(err.Error(), "the file's input is float64 [-1 3], this model's int [-1 3]") {
		t.Fatalf("other input dtype: %v", err)
	}
	other, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if err := layers.LoadInto(other, path); err != nil {
		t.Fatalf("InputDtype float64 and unset are the same: %v", err)
	}
}
