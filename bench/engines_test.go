package bench

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
	"github.com/chainrule/chainrule/solvers"
)

// step is one training step: forward, backward and the parameter update.
type step func() error

// engine builds a workload on one engine and returns its step and a reader
// of the loss computed by the last step.
type engine func(testing.TB) (step, func() float64)

// chainruleStep differentiates E with respect to params, compiles E and the
// gradients, feeds the inputs once, and returns a step of the program and
// SGD, and a loss reader.
func chainruleStep(tb testing.TB, E *graph.Node, params []*graph.Node, feeds graph.Feeds, lr float64) (step, func() float64) {
	d, err := autodiff.Grad(E, params...)
	if err != nil {
		tb.Fatal(err)
	}
	prog, err := graph.CompileWith(graph.Fast, append([]*graph.Node{E}, d...)...)
	if err != nil {
		tb.Fatal(err)
	}
	if err := prog.Run(feeds); err != nil {
		tb.Fatal(err)
	}
	noteProgram(prog)
	return sgdStep(prog, params, d, lr), func() float64 { return scalar(prog.Value(E)) }
}

// onProgram, when set (by TestSweep), receives each program the chainrule
// sides compile, to read its Bytes.
var onProgram func(*graph.Program)

func noteProgram(p *graph.Program) {
	if onProgram != nil {
		onProgram(p)
	}
}

// sgdStep returns a step running prog then SGD on the params' values with
// the gradients d.
func sgdStep(prog *graph.Program, params, d []*graph.Node, lr float64) step {
	pv, gv := make([]*tensor.Dense, len(params)), make([]*tensor.Dense, len(params))
	for i, p := range params {
		pv[i], gv[i] = p.Value(), prog.Value(d[i])
	}
	sgd := &solvers.SGD{Options: solvers.Options{LR: lr}}
	return func() error {
		if err := prog.Exec(); err != nil {
			return err
		}
		return sgd.Step(pv, gv)
	}
}

// gorgoniaStep differentiates E with respect to params and returns a step of
// gorgonia's tape machine and vanilla solver, and a loss reader.
func gorgoniaStep(tb testing.TB, g *G.ExprGraph, E *G.Node, params G.Nodes, lr float64) (step, func() float64) {
	if _, err := G.Grad(E, params...); err != nil {
		tb.Fatal(err)
	}
	m := G.NewTapeMachine(g, G.BindDualValues(params...))
	tb.Cleanup(func() { m.Close() })
	solver := G.NewVanillaSolver(G.WithLearnRate(lr))
	vg := G.NodesToValueGrads(params)
	return func() error {
		if err := m.RunAll(); err != nil {
			return err
		}
		err := solver.Step(vg)
		m.Reset()
		return err
	}, func() float64 { return scalar(E.Value().Data()) }
}

// sides runs the sub-benchmarks chainrule (pure Go: ops.GoBLAS, what a
// fresh machine runs), gorgonia and, where OpenBLAS loads,
// chainrule-openblas.
func sides(b *testing.B, ours, theirs engine) { sidesOf(b, ours, theirs, true) }

// sidesInfer is sides for a forward-only workload, whose loss stays put.
func sidesInfer(b *testing.B, ours, theirs engine) { sidesOf(b, ours, theirs, false) }

func sidesOf(b *testing.B, ours, theirs engine, falls bool) {
	b.Run("chainrule", func(b *testing.B) { withBLAS(b, ops.GoBLAS{}); s, l := ours(b); run(b, s, l, falls) })
	b.Run("gorgonia", func(b *testing.B) { s, l := theirs(b); run(b, s, l, falls) })
	if ob, err := openBLAS(); err == nil {
		b.Run("chainrule-openblas", func(b *testing.B) { withBLAS(b, ob); s, l := ours(b); run(b, s, l, falls) })
	}
}

// withBLAS sets ops.BLAS for the rest of the test.
func withBLAS(tb testing.TB, g ops.Gemm) {
	old := ops.BLAS
	ops.BLAS = g
	tb.Cleanup(func() { ops.BLAS = old })
}

// run times one step per b.N iteration after checking that the loss falls
// (if falls) or stays (a forward pass) over 5 steps.
func run(b *testing.B, s step, loss func() float64, falls bool) {
	b.Helper()
	if err := s(); err != nil {
		b.Fatal(err)
	}
	first := loss()
	for i := 0; i < 5; i++ {
		if err := s(); err != nil {
			b.Fatal(err)
		}
	}
	if last := loss(); falls && !(last < first) {
		b.Fatalf("loss did not fall: %v then %v", first, last)
	} else if !falls && last != first {
		b.Fatalf("a forward pass changed its loss: %v then %v", first, last)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s(); err != nil {
			b.Fatal(err)
		}
	}
}
