package opcheck

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Cases returns every gradient-check case, grouped by op.
func Cases() []Case {
	var all []Case
	for _, group := range [][]Case{elementwiseCases(), unaryCases(), shapeCases()} {
		all = append(all, group...)
	}
	for _, f := range extra {
		all = append(all, f()...)
	}
	return all
}

type bin func(a, b *graph.Node) *graph.Node

func binCases(name string, f bin, lo, hi float64) []Case {
	shapes := [][2][]int{
		{{3, 4}, {3, 4}},
		{{3, 4}, {4}},
		{{3, 1}, {1, 4}},
		{{}, {2, 3}},
		{{2, 3, 4}, {3, 1}},
	}
	var cs []Case
	for _, s := range shapes {
		s := s
		cs = append(cs, Case{Op: name, Name: graph.ShapeString(s[0]) + "," + graph.ShapeString(s[1]),
			Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, y := b.Param(lo, hi, s[0]...), b.Param(lo, hi, s[1]...)
				return f(x, y), []*graph.Node{x, y}
			}})
	}
	return cs
}

func elementwiseCases() []Case {
	var cs []Case
	cs = append(cs, binCases("Add", ops.Add, -2, 2)...)
	cs = append(cs, binCases("Sub", ops.Sub, -2, 2)...)
	cs = append(cs, binCases("Mul", ops.Mul, -2, 2)...)
	cs = append(cs, binCases("Div", ops.Div, 0.5, 2)...)
	// Greater is a step function: its gradient is 0 wherever it exists. The
	// case multiplies the mask by a so that the check has something to
	// compare, and keeps a and b apart so no element sits on the step.
	cs = append(cs, Case{Op: "Greater", Name: "mask·a", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		a := b.Const([]float64{-1, 2, 0.5, 3, -2, 1}, 2, 3)
		w := b.Param(-1, 1, 2, 3)
		return ops.Mul(ops.Greater(a, b.Const([]float64{0}, 1)), w), []*graph.Node{w}
	}})
	return cs
}

type un func(x *graph.Node) *graph.Node

func unaryCase(name string, f un, lo, hi float64) Case {
	return Case{Op: name, Name: "(3, 4)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		x := b.Param(lo, hi, 3, 4)
		return f(x), []*graph.Node{x}
	}}
}

func unaryCases() []Case {
	return []Case{
		unaryCase("Neg", ops.Neg, -2, 2),
		unaryCase("Exp", ops.Exp, -2, 2),
		unaryCase("Log", ops.Log, 0.5, 3),
		unaryCase("Square", ops.Square, -2, 2),
		unaryCase("Sqrt", ops.Sqrt, 0.5, 3),
		unaryCase("Tanh", ops.Tanh, -2, 2),
		unaryCase("Sigmoid", ops.Sigmoid, -3, 3),
		// Values kept away from the kink at 0, where ReLU has no derivative.
		unaryCase("ReLU", func(x *graph.Node) *graph.Node { return ops.ReLU(ops.Add(x, ops.Mul(ops.Greater(x, ops.Neg(x)), x))) }, 0.1, 1),
		{Op: "ReLU", Name: "negative and positive", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(0.2, 1, 3, 4)
			sign := b.Const([]float64{1, -1, 1, -1, -1, 1, 1, -1, 1, 1, -1, -1}, 3, 4)
			return ops.ReLU(ops.Mul(x, sign)), []*graph.Node{x}
		}},
		unaryCase("Pow", func(x *graph.Node) *graph.Node { return ops.Pow(x, 3) }, -2, 2),
		unaryCase("Pow", func(x *graph.Node) *graph.Node { return ops.Pow(x, 4) }, -2, 2),
		unaryCase("Pow", func(x *graph.Node) *graph.Node { return ops.Pow(x, 1.5) }, 0.5, 2),
	}
}

func shapeCases() []Case {
	return []Case{
		{Op: "SumTo", Name: "(2, 3, 4)→(3, 1)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 2, 3, 4)
			return ops.SumTo(x, 3, 1), []*graph.Node{x}
		}},
		{Op: "BroadcastTo", Name: "(3, 1)→(2, 3, 4)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 3, 1)
			return ops.BroadcastTo(x, 2, 3, 4), []*graph.Node{x}
		}},
		{Op: "Reshape", Name: "(2, 6)→(3, -1)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 2, 6)
			return ops.Reshape(x, 3, -1), []*graph.Node{x}
		}},
		{Op: "Sum", Name: "all", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 2, 3)
			return ops.Sum(x), []*graph.Node{x}
		}},
		{Op: "Sum", Name: "axis 0 of (2, 3, 4)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 2, 3, 4)
			return ops.Sum(x, 0), []*graph.Node{x}
		}},
		{Op: "Sum", Name: "axes 0,2 of (2, 3, 4)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 2, 3, 4)
			return ops.Sum(x, 0, -1), []*graph.Node{x}
		}},
		{Op: "Mean", Name: "axis 1", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 3, 4)
			return ops.Mean(x, 1), []*graph.Node{x}
		}},
		{Op: "Mean", Name: "all", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 3, 4)
			return ops.Mean(x), []*graph.Node{x}
		}},
		{Op: "MatMul", Name: "(3, 4)·(4, 2)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, y := b.Param(-1, 1, 3, 4), b.Param(-1, 1, 4, 2)
			return ops.MatMul(x, y), []*graph.Node{x, y}
		}},
		{Op: "MatMul", Name: "(3, 4)·(4)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, y := b.Param(-1, 1, 3, 4), b.Param(-1, 1, 4)
			return ops.MatMul(x, y), []*graph.Node{x, y}
		}},
		{Op: "MatMul", Name: "(4)·(4, 2)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, y := b.Param(-1, 1, 4), b.Param(-1, 1, 4, 2)
			return ops.MatMul(x, y), []*graph.Node{x, y}
		}},
	}
}
