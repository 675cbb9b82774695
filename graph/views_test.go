package graph_test

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A view of shape (3, 2) whose elements are not in row-major order in its
// backing array, the same matrix as a plain tensor written out by hand, and
// what Param and Bind say of the view.
type viewCase struct {
	name    string
	view    func() *tensor.Dense
	logical []float64 // row-major, by hand
	why     string
}

func iota64(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i + 1)
	}
	return v
}

func mustT(t *tensor.Dense) *tensor.Dense {
	if err := t.T(); err != nil {
		panic(err)
	}
	return t
}

func mustSlice(t *tensor.Dense, s ...tensor.Slice) *tensor.Dense {
	v, err := t.Slice(s...)
	if err != nil {
		panic(err)
	}
	return v.(*tensor.Dense)
}

var viewCases = []viewCase{
	// [[1 2 3] [4 5 6]]ᵀ
	{"transposed", func() *tensor.Dense {
		return mustT(tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(iota64(6))))
	}, []float64{1, 4, 2, 5, 3, 6}, "transposed view"},
	// the first two columns of [[1 2 3] [4 5 6] [7 8 9]]
	{"sliced", func() *tensor.Dense {
		return mustSlice(tensor.New(tensor.WithShape(3, 3), tensor.WithBacking(iota64(9))), nil, tensor.S(0, 2))
	}, []float64{1, 2, 4, 5, 7, 8}, "non-contiguous view"},
	// rows 1 to 3 of [[1 2 3 4] [5 6 7 8]]ᵀ, a view that RequiresIterator
	// reports as needing no iterator
	{"rows of a transpose", func() *tensor.Dense {
		return mustSlice(mustT(tensor.New(tensor.WithShape(2, 4), tensor.WithBacking(iota64(8)))), tensor.S(1, 4))
	}, []float64{2, 6, 3, 7, 4, 8}, "transposed view"},
}

// rowsTimes builds y = x·[1 10]ᵀ for a (3, 2) input x: y_i = x_i0 + 10·x_i1,
// which tells every element's place apart.
func rowsTimes() (*graph.Graph, *graph.Node, *graph.Node) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 3, 2)
	w := g.Const(tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{1, 10})))
	return g, x, ops.MatMul(x, w)
}

// want is rowsTimes' result for a logical row-major (3, 2) matrix m.
func want(m []float64) []float64 {
	return []float64{m[0] + 10*m[1], m[2] + 10*m[3], m[4] + 10*m[5]}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func materialized(v *tensor.Dense) *tensor.Dense {
	return tensor.New(tensor.WithShape(v.Shape().Clone()...), tensor.WithBacking(append([]float64(nil), vcopy(v)...)))
}

// vcopy reads v element by element through At, in logical order.
func vcopy(v *tensor.Dense) []float64 {
	s := v.Shape()
	var out []float64
	for i := 0; i < s[0]; i++ {
		for j := 0; j < s[1]; j++ {
			x, err := v.At(i, j)
			if err != nil {
				panic(err)
			}
			out = append(out, x.(float64))
		}
	}
	return out
}

func TestViewCasesAreWhatTheySay(t *testing.T) {
	for _, c := range viewCases {
		if got := vcopy(c.view()); !equal(got, c.logical) {
			t.Errorf("%s: At reads %v, want %v", c.name, got, c.logical)
		}
	}
}

// Run and Set read a view in its logical order, as they read its
// materialised copy.
func TestRunAndSetReadViewsInLogicalOrder(t *testing.T) {
	feeds := map[string]func(p *graph.Program, x *graph.Node, v *tensor.Dense) error{
		"Run": func(p *graph.Program, x *graph.Node, v *tensor.Dense) error { return p.Run(graph.Feeds{x: v}) },
		"Set": func(p *graph.Program, x *graph.Node, v *tensor.Dense) error {
			if err := p.Set(x, v); err != nil {
				return err
			}
			return p.Exec()
		},
	}
	for verb, feed := range feeds {
		for _, c := range viewCases {
			for _, form := range []struct {
				name string
				v    *tensor.Dense
			}{{"view", c.view()}, {"copy", materialized(c.view())}} {
				_, x, y := rowsTimes()
				p := graph.MustCompile(y)
				if err := feed(p, x, form.v); err != nil {
					t.Errorf("%s %s %s: %v", verb, c.name, form.name, err)
					continue
				}
				if got := p.Value(y).Float64s(); !equal(got, want(c.logical)) {
					t.Errorf("%s %s %s: x·[1 10]ᵀ = %v, want %v", verb, c.name, form.name, got, want(c.logical))
				}
			}
		}
	}
}

// Bind keeps the caller's tensor and reads it in memory order at every run,
// so it refuses a view, naming the input and why; the materialised copy
// binds.
func TestBindRefusesViews(t *testing.T) {
	for _, c := range viewCases {
		_, x, y := rowsTimes()
		p := graph.MustCompile(y)
		err := p.Bind(x, c.view())
		if err == nil || !strings.Contains(err.Error(), `Bind: input "x"`) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: Bind = %v, want an error naming input \"x\" and %q", c.name, err, c.why)
		}
		if err := p.Bind(x, materialized(c.view())); err != nil {
			t.Fatalf("%s copy: %v", c.name, err)
		}
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(y).Float64s(); !equal(got, want(c.logical)) {
			t.Errorf("%s copy: x·[1 10]ᵀ = %v, want %v", c.name, got, want(c.logical))
		}
	}
}

// A param is updated in place, so Param refuses a view, naming the param
// and why; the materialised copy is accepted and read in order.
func TestParamRefusesViews(t *testing.T) {
	for _, c := range viewCases {
		g := graph.New()
		w := g.Param("w", c.view())
		err := g.Err()
		if !w.Bad() || err == nil || !strings.Contains(err.Error(), `param "w"`) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: Param gives bad=%v, error %v; want a bad node and an error naming param \"w\" and %q", c.name, w.Bad(), err, c.why)
		}
		if _, err := graph.Compile(ops.Sum(w)); err == nil {
			t.Errorf("%s: Compile of a view param succeeds", c.name)
		}

		g = graph.New()
		m := materialized(c.view())
		w = g.Param("w", m)
		y := ops.MatMul(w, g.Const(tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{1, 10}))))
		p, err := graph.Compile(y)
		if err != nil {
			t.Fatalf("%s copy: %v", c.name, err)
		}
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(y).Float64s(); !equal(got, want(c.logical)) {
			t.Errorf("%s copy: w·[1 10]ᵀ = %v, want %v", c.name, got, want(c.logical))
		}
		if w.Value() != m {
			t.Errorf("%s copy: Param does not keep the caller's tensor", c.name)
		}
	}
}

// The example: a param made from the first two columns of
// [[1 2 3] [4 5 6]] would sum to 10 read in memory order; it must be 12 or
// refused. A slice of whole rows is contiguous: Param keeps it, and its
// sum is that of those rows.
func TestParamOfSlices(t *testing.T) {
	big := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(iota64(6)))
	g := graph.New()
	if w := g.Param("w", mustSlice(big, nil, tensor.S(0, 2))); !w.Bad() {
		p := graph.MustCompile(ops.Sum(w))
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		t.Fatalf("Param accepts a column slice; its sum is %v", p.Value(p.Outputs()[0]).Float64s())
	}
	rows := mustSlice(tensor.New(tensor.WithShape(3, 2), tensor.WithBacking(iota64(6))), tensor.S(1, 3))
	g = graph.New()
	w := g.Param("w", rows)
	s := ops.Sum(w)
	p, err := graph.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Exec(); err != nil {
		t.Fatal(err)
	}
	if got := p.Value(s).Float64s()[0]; got != 3+4+5+6 {
		t.Errorf("sum of rows 1-2 of [[1 2] [3 4] [5 6]] = %v, want 18", got)
	}
}

// Const holds a view's elements in logical order, copied when it is built.
func TestConstReadsViewsInLogicalOrder(t *testing.T) {
	for _, c := range viewCases {
		for _, form := range []struct {
			name string
			v    *tensor.Dense
		}{{"view", c.view()}, {"copy", materialized(c.view())}} {
			g := graph.New()
			k := g.Const(form.v)
			y := ops.MatMul(k, g.Const(tensor.New(tensor.WithShape(2, 1), tensor.WithBacking([]float64{1, 10}))))
			p, err := graph.Compile(y)
			if err != nil {
				t.Fatalf("%s %s: %v", c.name, form.name, err)
			}
			if err := p.Exec(); err != nil {
				t.Fatal(err)
			}
			if got := p.Value(y).Float64s(); !equal(got, want(c.logical)) {
				t.Errorf("%s %s: c·[1 10]ᵀ = %v, want %v", c.name, form.name, got, want(c.logical))
			}
			if got := vcopy(k.Value()); !equal(got, c.logical) {
				t.Errorf("%s %s: Const holds %v, want %v", c.name, form.name, got, c.logical)
			}
		}
	}
	// A plain tensor is kept itself.
	g := graph.New()
	v := vec(1, 2)
	if k := g.Const(v); k.Value() != v {
		t.Error("Const copies a plain tensor")
	}
}

// What cannot be read at all is an error naming the entry point.
func TestMaskedValuesAreRefused(t *testing.T) {
	masked := func() *tensor.Dense {
		return tensor.New(tensor.WithShape(3, 2), tensor.WithBacking(iota64(6), make([]bool, 6)))
	}
	g := graph.New()
	if k := g.Const(masked()); !k.Bad() || !strings.Contains(g.Err().Error(), "Const") || !strings.Contains(g.Err().Error(), "masked") {
		t.Errorf("Const of a masked tensor: %v", g.Err())
	}
	g = graph.New()
	if w := g.Param("w", masked()); !w.Bad() || !strings.Contains(g.Err().Error(), `param "w"`) || !strings.Contains(g.Err().Error(), "masked") {
		t.Errorf("Param of a masked tensor: %v", g.Err())
	}
	_, x, y := rowsTimes()
	p := graph.MustCompile(y)
	for verb, f := range map[string]func(*graph.Node, *tensor.Dense) error{"Set": p.Set, "Bind": p.Bind} {
		if err := f(x, masked()); err == nil || !strings.Contains(err.Error(), verb+`: input "x"`) || !strings.Contains(err.Error(), "masked") {
			t.Errorf("%s of a masked tensor: %v", verb, err)
		}
	}
}

// Feeding a view through Set allocates nothing either.
func TestSetViewAllocatesNothing(t *testing.T) {
	_, x, y := rowsTimes()
	p := graph.MustCompile(y)
	v := viewCases[0].view()
	if n := testing.AllocsPerRun(20, func() {
		if err := p.Set(x, v); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("Set of a transposed view allocates %v times", n)
	}
}

// RowMajor copies a view into a plain tensor in logical order, which Param
// and Bind then take; a plain tensor comes back itself.
func TestRowMajor(t *testing.T) {
	for _, c := range viewCases {
		m, err := graph.RowMajor(c.view())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := m.Float64s(); !equal(got, c.logical) || !m.Shape().Eq(tensor.Shape{3, 2}) {
			t.Errorf("%s: RowMajor holds %v of shape %v in memory, want %v of (3, 2)", c.name, got, m.Shape(), c.logical)
		}
		g := graph.New()
		if w := g.Param("w", m); w.Bad() {
			t.Errorf("%s: Param of RowMajor's copy: %v", c.name, g.Err())
		}
		_, x, y := rowsTimes()
		p := graph.MustCompile(y)
		if err := p.Bind(x, m); err != nil {
			t.Errorf("%s: Bind of RowMajor's copy: %v", c.name, err)
		}
	}
	v := vec(1, 2)
	if m, err := graph.RowMajor(v); m != v || err != nil {
		t.Errorf("RowMajor of a plain tensor = %p, %v; want %p itself", m, err, v)
	}
	ints := mustSlice(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]int{1, 2, 3, 4})), nil, tensor.S(1))
	if m, err := graph.RowMajor(ints); err != nil || m.Ints()[0] != 2 || m.Ints()[1] != 4 {
		t.Errorf("RowMajor of an int column: %v, %v", m, err)
	}
	scalar := mustSlice(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4})), tensor.S(1), tensor.S(0))
	if m, err := graph.RowMajor(scalar); err != nil || !m.IsScalar() || m.Float64s()[0] != 3 {
		t.Errorf("RowMajor of a scalar view: %v, %v", m, err)
	}
	if _, err := graph.RowMajor(nil); err == nil || !strings.Contains(err.Error(), "nil value") {
		t.Errorf("RowMajor(nil): %v", err)
	}
	masked := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, 2}, []bool{false, true}))
	if _, err := graph.RowMajor(masked); err == nil || !strings.Contains(err.Error(), "RowMajor: value is masked") {
		t.Errorf("RowMajor of a masked tensor: %v", err)
	}
}
