package layers_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/nets"
	"github.com/chainrule/chainrule/ops"
)

func newStore(t *testing.T, dt tensor.Dtype) *layers.Store {
	t.Helper()
	st, err := layers.NewStore(dt, 1)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestScopeNamesAndSharing(t *testing.T) {
	st := newStore(t, tensor.Float64)
	g := graph.New()
	s := layers.NewScope(g, st, true)
	c := s.In("block1").In("conv")
	w := c.Param("W", layers.Glorot, 3, 4)
	if w.Name() != "block1.conv.W" || c.Path() != "block1.conv" {
		t.Fatalf("name %q path %q", w.Name(), c.Path())
	}
	if again := s.In("block1").In("conv").Param("W", layers.Glorot, 3, 4); again != w {
		t.Fatal("the same name in one build gave a second node")
	}
	m := s.State("mean", layers.Zeros, 4)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if st.Len() != 2 || len(st.Params()) != 1 || len(st.State()) != 1 || st.NumParams() != 12 {
		t.Fatalf("store: %d entries, %d params, %d state, %d scalars", st.Len(), len(st.Params()), len(st.State()), st.NumParams())
	}
	// A second graph (another batch size) holds the very same tensors.
	g2 := graph.New()
	s2 := layers.NewScope(g2, st, false)
	w2 := s2.In("block1").In("conv").Param("W", layers.Glorot, 3, 4)
	if w2.Value() != w.Value() || s2.State("mean", layers.Zeros, 4).Value() != m.Value() {
		t.Fatal("a second build made new tensors")
	}
	if st.Len() != 2 {
		t.Fatalf("second build added entries: %d", st.Len())
	}
}

func TestScopeErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(s *layers.Scope)
		want string
	}{
		{"shape", func(s *layers.Scope) {
			s.Param("W", layers.Zeros, 2, 3)
			s.Param("W", layers.Zeros, 3, 2)
		}, `param "W" has shape (2, 3), asked for with shape [3 2]`},
		{"kind", func(s *layers.Scope) {
			s.Param("W", layers.Zeros, 2)
			s.State("W", layers.Zeros, 2)
		}, `"W" is a param, asked for as a state`},
		{"empty", func(s *layers.Scope) { s.In("").Param("W", layers.Zeros, 2) }, "bad name"},
		{"dot", func(s *layers.Scope) { s.Param("a.b", layers.Zeros, 2) }, `bad name "a.b"`},
		{"init", func(s *layers.Scope) { s.Param("W", layers.Normal(-1), 2) }, "standard deviation -1"},
		{"dims", func(s *layers.Scope) { s.In("lin").Param("W", layers.Zeros, 0, 2) }, `in layer "lin" (scope_test.go:74): layers: initialising param "lin.W"`},
		{"nilinit", func(s *layers.Scope) { s.Param("W", nil, 2) }, "nil initialiser"},
		{"update param", func(s *layers.Scope) {
			w := s.Param("W", layers.Zeros, 2)
			s.Update(w, w)
		}, "is not a state tensor"},
		{"update shape", func(s *layers.Scope) {
			m := s.State("m", layers.Zeros, 2)
			s.Update(m, s.Graph().Scalar(1))
		}, `new value of "m" is float64 (), want float64 (2)`},
	} {
		st := newStore(t, tensor.Float64)
		g := graph.New()
		c.f(layers.NewScope(g, st, true))
		if g.Err() == nil || !strings.Contains(g.Err().Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, g.Err(), c.want)
		}
	}
}

func TestScopeUpdate(t *testing.T) {
	st := newStore(t, tensor.Float64)
	g := graph.New()
	s := layers.NewScope(g, st, true)
	m := s.In("bn").State("mean", layers.Ones, 2)
	s.Update(m, ops.Mul(m, g.Scalar(2)))
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	u := s.Updates()
	if len(u) != 1 || u[0].State.Name != "bn.mean" || u[0].Node != m {
		t.Fatalf("updates %+v", u)
	}
	// An evaluation build registers nothing.
	e := layers.NewScope(graph.New(), st, false)
	me := e.In("bn").State("mean", layers.Ones, 2)
	e.Update(me, me)
	if len(e.Updates()) != 0 {
		t.Fatal("an evaluation build registered an update")
	}
}

// The initialisers draw exactly what nets' do, so a network rebuilt from
// layers keeps its weights bit for bit.
func TestInitMatchesNets(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		a, b := layers.NewRNG(3), nets.NewRNG(3)
		for i := 0; i < 3; i++ {
			g1, err1 := layers.Glorot(a, dt, 5, 7)
			g2, err2 := nets.Glorot(b, dt, 5, 7)
			h1, err3 := layers.He(a, dt, 7, 2)
			h2, err4 := nets.He(b, dt, 7, 2)
			if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
				t.Fatal(err1, err2, err3, err4)
			}
			if !same(g1, g2) || !same(h1, h2) {
				t.Fatalf("%v draw %d differs from nets", dt, i)
			}
		}
	}
}

func same(a, b *tensor.Dense) bool {
	if !a.Shape().Eq(b.Shape()) || a.Dtype() != b.Dtype() {
		return false
	}
	x, y := f64s(a), f64s(b)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func f64s(t *tensor.Dense) []float64 {
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

func TestInitRanges(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	if in, out := layers.Fans(16, 3, 5, 5); in != 75 || out != 400 {
		t.Fatalf("conv fans %d %d, want 75 400", in, out)
	}
	w, err := layers.Glorot(r, tensor.Float64, 4, 8)
	if err != nil {
		t.Fatal(err)
	}
	a := math.Sqrt(0.5) // √(6/(4+8))
	for _, v := range w.Float64s() {
		if v < -a || v >= a {
			t.Fatalf("Glorot value %v outside [−%v, %v)", v, a, a)
		}
	}
	for name, want := range map[string]float64{"zeros": 0, "ones": 1} {
		f, err := layers.InitByName(name)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := f(r, tensor.Float32, 3)
		for _, x := range v.Float32s() {
			if float64(x) != want {
				t.Fatalf("%s gave %v", name, x)
			}
		}
	}
	if _, err := layers.InitByName("orthogonal"); err == nil || !strings.Contains(err.Error(), `"orthogonal"`) {
		t.Fatalf("unknown init: %v", err)
	}
	if _, err := layers.Zeros(r, tensor.Int, 2); err == nil {
		t.Fatal("int dtype accepted")
	}
}

// scaled multiplies by a scalar param: a rank-0 tensor through build, save
// and load.
type scaled struct{}

func (scaled) Forward(s *layers.Scope, x *graph.Node) *graph.Node {
	return ops.Mul(x, s.Param("k", layers.Constant(0.25)))
}

func init() { layers.Register("layers_test.scaled", scaled{}) }

func TestScalarParamAndFunc(t *testing.T) {
	m, err := layers.NewModel(layers.Seq(scaled{}, layers.Func(ops.Tanh)), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	y, err := m.Predict(dense(tensor.Float64, []float64{2, -4}, 1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if got := y.Float64s(); got[0] != math.Tanh(0.5) || got[1] != math.Tanh(-1) {
		t.Fatalf("got %v", got)
	}
	if _, err := layers.Encode(m); err == nil {
		t.Fatal("a Func was encoded")
	}
	m, err = layers.NewModel(scaled{}, layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	m.Store().Lookup("k").Value.Float32s()[0] = 3
	b, err := layers.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := layers.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if v := back.Store().Lookup("k").Value; v.Shape().TotalSize() != 1 || v.Float32s()[0] != 3 {
		t.Fatalf("scalar param %v after loading", v)
	}
}
