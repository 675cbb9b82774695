package graph_test

import (
	"errors"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func vec(v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v))
}

func TestBuildErrorNamesOpShapesAndCaller(t *testing.T) {
	g := graph.New()
	a := g.Input("a", tensor.Float64, 2, 3)
	b := g.Input("b", tensor.Float64, 4)
	c := ops.Add(a, b) // the error must point at this line
	d := ops.Mul(c, a) // built on a bad node: no new error
	if !c.Bad() || !d.Bad() {
		t.Fatal("want bad nodes")
	}
	err := g.Err()
	if err == nil {
		t.Fatal("no error recorded")
	}
	msg := err.Error()
	for _, want := range []string{"Add", "(2, 3)", "(4)", "graph_test.go:22", "do not broadcast"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	// the format BuildError's doc shows
	if pre := "graph: Add of shapes (2, 3), (4) at graph/graph_test.go:22: "; !strings.HasPrefix(msg, pre) {
		t.Errorf("error %q does not start %q", msg, pre)
	}
	var be *graph.BuildError
	if !errors.As(err, &be) || be.Op != "Add" {
		t.Errorf("error is not a *BuildError for Add: %#v", err)
	}
	if _, err := graph.Compile(d); err == nil || err.Error() != msg {
		t.Errorf("Compile returned %v, want the first build error", err)
	}
}

func TestNilAndForeignOperands(t *testing.T) {
	g, h := graph.New(), graph.New()
	a := g.Input("a", tensor.Float64, 2)
	b := h.Input("b", tensor.Float64, 2)
	if n := ops.Add(a, nil); !n.Bad() || !strings.Contains(g.Err().Error(), "operand 1 is nil") {
		t.Errorf("nil operand: %v", g.Err())
	}
	g2 := graph.New()
	a2 := g2.Input("a", tensor.Float64, 2)
	if n := ops.Add(a2, b); !n.Bad() || !strings.Contains(g2.Err().Error(), "another graph") {
		t.Errorf("foreign operand: %v", g2.Err())
	}
	if n := ops.Add(nil, nil); !n.Bad() {
		t.Error("Add(nil, nil) is not bad")
	}
}

func TestLeafErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(g *graph.Graph)
		want  string
	}{
		{"zero dim", func(g *graph.Graph) { g.Input("x", tensor.Float64, 2, 0) }, "dimension 1"},
		{"bad dtype", func(g *graph.Graph) { g.Input("x", tensor.Bool, 2) }, "unsupported dtype"},
		{"duplicate", func(g *graph.Graph) { g.Input("x", tensor.Float64, 2); g.Input("x", tensor.Float64, 2) }, "used twice"},
		{"nil param", func(g *graph.Graph) { g.Param("w", nil) }, "nil value"},
		{"int param", func(g *graph.Graph) {
			g.Param("w", tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 2})))
		}, "want float64 or float32"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := graph.New()
			c.build(g)
			if g.Err() == nil || !strings.Contains(g.Err().Error(), c.want) {
				t.Errorf("got %v, want an error mentioning %q", g.Err(), c.want)
			}
		})
	}
}

func TestFeedErrors(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 3)
	y := ops.Sum(ops.Square(x))
	p := graph.MustCompile(y)
	if err := p.Exec(); err == nil || !strings.Contains(err.Error(), `"x" was never fed`) {
		t.Errorf("unfed input: %v", err)
	}
	for _, c := range []struct {
		v    *tensor.Dense
		want string
	}{
		{vec(1, 2), "wants shape (3), got (2)"},
		{tensor.New(tensor.WithShape(3), tensor.WithBacking([]float32{1, 2, 3})), "wants dtype float64, got float32"},
		{nil, "nil value"},
	} {
		if err := p.Run(graph.Feeds{x: c.v}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("feed %v: got %v, want %q", c.v, err, c.want)
		}
	}
	if err := p.Set(y, vec(1, 2, 3)); err == nil || !strings.Contains(err.Error(), "not an input") {
		t.Errorf("Set on an op node: %v", err)
	}
	if err := p.Run(graph.Feeds{x: vec(1, 2, 3)}); err != nil {
		t.Fatal(err)
	}
	if got := p.Value(y).Float64s()[0]; got != 14 {
		t.Errorf("Σx² = %v, want 14", got)
	}
}

func TestCheckModeNamesTheNode(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2)
	l := ops.Log(x) // log(−1) is NaN
	y := ops.Sum(l)
	p := graph.MustCompile(y)
	if err := p.Run(graph.Feeds{x: vec(1, -1)}); err != nil {
		t.Fatalf("check off: %v", err)
	}
	p.SetCheck(true)
	err := p.Run(graph.Feeds{x: vec(1, -1)})
	var re *graph.RunError
	if !errors.As(err, &re) || re.Node != l || !strings.Contains(err.Error(), "NaN") || !strings.Contains(err.Error(), "graph_test.go:") {
		t.Errorf("got %v, want a RunError naming the Log node and its line", err)
	}
}

// panicOp is an op whose kernel panics, to show that Run turns panics into errors.
type panicOp struct{}

func (panicOp) Name() string { return "Boom" }
func (panicOp) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	return in[0].Shape(), in[0].Dtype(), nil
}
func (panicOp) Forward(dst *tensor.Dense, in []*tensor.Dense) error { panic("kernel bug") }
func (panicOp) VJP(y, dy *graph.Node) ([]*graph.Node, error)        { return nil, nil }

func TestKernelPanicBecomesError(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2)
	y := graph.Apply(panicOp{}, x)
	p := graph.MustCompile(y)
	err := p.Run(graph.Feeds{x: vec(1, 2)})
	if err == nil || !strings.Contains(err.Error(), "Boom") || !strings.Contains(err.Error(), "kernel bug") {
		t.Errorf("got %v", err)
	}
}

func TestSteadyStateRunAllocatesNothing(t *testing.T) {
	if raceEnabled && strings.HasPrefix(ops.BLASName(), "openblas") {
		t.Skip("race detector with " + ops.BLASName() + ": purego.SyscallN takes its call frame from a sync.Pool, which drops one Put in four at random under -race, so OpenBLAS calls allocate now and then")
	}
	g := graph.New()
	x := g.Input("x", tensor.Float64, 4, 3)
	w := g.Param("w", tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6})))
	b := g.Param("b", vec(0.5, -0.5))
	y := ops.Sum(ops.Sigmoid(ops.Add(ops.MatMul(x, w), b)))
	p := graph.MustCompile(y)
	xv := tensor.New(tensor.WithShape(4, 3), tensor.Of(tensor.Float64))
	if err := p.Set(x, xv); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() {
		if err := p.Set(x, xv); err != nil {
			t.Fatal(err)
		}
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("Set+Exec allocates %v times per run, want 0", n)
	}
}

func TestBindReadsCallerTensor(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2)
	y := ops.Sum(x)
	p := graph.MustCompile(y)
	buf := vec(1, 2)
	if err := p.Bind(x, buf); err != nil {
		t.Fatal(err)
	}
	for _, v := range []float64{3, 10} {
		buf.Float64s()[0] = v
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(y).Float64s()[0]; got != v+2 {
			t.Errorf("Σx = %v, want %v", got, v+2)
		}
	}
}

func TestTextAndDOT(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 2, 1)
	W := g.Param("W", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0.9, 0.3, 0.2, 0.8})))
	ops.Sigmoid(ops.MatMul(W, x))
	txt := g.String()
	for _, want := range []string{"x input  (2, 1) float64", "W param  (2, 2) float64", "MatMul(%1, %0)  (2, 1) float64", "Sigmoid(%2)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text form lacks %q:\n%s", want, txt)
		}
	}
	var b strings.Builder
	if err := g.WriteDOT(&b); err != nil {
		t.Fatal(err)
	}
	dot := b.String()
	for _, want := range []string{"digraph chainrule {", "n0 -> n2;", "n1 -> n2;", `label="Sigmoid\n(2, 1)"`} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q:\n%s", want, dot)
		}
	}
}
