package graph_test

import (
	"testing"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// modeProbe is a ModeOp writing x + (training ? 1000 : 0) + counter, so that
// a test can read the Mode each run was given.
type modeProbe struct{}

func (modeProbe) Name() string { return "ModeProbe" }
func (modeProbe) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	return in[0].Shape(), in[0].Dtype(), nil
}
func (modeProbe) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	copy(dst.Float64s(), in[0].Float64s())
	return nil
}
func (modeProbe) VJP(_, dy *graph.Node) ([]*graph.Node, error) { return []*graph.Node{dy}, nil }
func (modeProbe) PrepareMode(dst *tensor.Dense, in []*tensor.Dense) func(graph.Mode) error {
	d, x := dst.Float64s(), in[0].Float64s()
	return func(m graph.Mode) error {
		if x[0] < 0 {
			return errors.New("negative operand")
		}
		d[0] = x[0] + float64(m.Counter)
		if m.Training {
			d[0] += 1000
		}
		return nil
	}
}

func TestModeOpReadsTrainingAndCounter(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64)
	c := graph.Apply(modeProbe{}, g.Scalar(5)) // constant operand: must not be folded
	y := graph.Apply(modeProbe{}, x)
	p := graph.MustCompile(y, c)
	if p.Training() || p.Counter() != 0 {
		t.Fatalf("new program: training %v, counter %d; want evaluation mode, counter 0", p.Training(), p.Counter())
	}
	xv := tensor.New(tensor.WithShape(), tensor.WithBacking([]float64{1}))
	run := func(want, wantC float64) {
		t.Helper()
		if err := p.Run(graph.Feeds{x: xv}); err != nil {
			t.Fatal(err)
		}
		if got := p.Value(y).Float64s()[0]; got != want {
			t.Errorf("y = %v, want %v", got, want)
		}
		if got := p.Value(c).Float64s()[0]; got != wantC {
			t.Errorf("probe of a constant = %v, want %v (it must run, not fold)", got, wantC)
		}
	}
	run(1, 5) // evaluation: counter 0, no advance
	run(1, 5)
	p.SetTraining(true)
	run(1001, 1005) // reads counter 0, then 1, ...
	run(1002, 1006)
	if p.Counter() != 2 {
		t.Errorf("counter after two training runs = %d, want 2", p.Counter())
	}
	p.SetCounter(7)
	run(1008, 1012)
	p.SetCounter(7)
	run(1008, 1012) // held counter: the same draw again
	p.SetTraining(false)
	run(9, 13) // evaluation reads the counter (8) but does not advance it
	if p.Counter() != 8 {
		t.Errorf("counter after an evaluation run = %d, want 8", p.Counter())
	}
	// Bind re-prepares the kernel over the new tensor.
	bound := tensor.New(tensor.WithShape(), tensor.WithBacking([]float64{3}))
	if err := p.Bind(x, bound); err != nil {
		t.Fatal(err)
	}
	if err := p.Exec(); err != nil {
		t.Fatal(err)
	}
	if got := p.Value(y).Float64s()[0]; got != 11 {
		t.Errorf("after Bind: y = %v, want 11", got)
	}
	if n := testing.AllocsPerRun(10, func() { _ = p.Exec() }); n != 0 {
		t.Errorf("a run with ModeOps allocates %v times, want 0", n)
	}
	// The kernel's error is a RunError naming the op.
	bound.Float64s()[0] = -1
	err := p.Exec()
	var re *graph.RunError
	if !errors.As(err, &re) || re.Node != y {
		t.Fatalf("error %v: want a RunError naming the probe", err)
	}
}
