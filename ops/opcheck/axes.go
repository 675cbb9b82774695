package opcheck

import (
	"fmt"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, softmaxCases, maxCases, transposeCases, sliceCases, concatCases) }

// axisCase checks f on a param of shape s drawn from [lo, hi).
func axisCase(op, name string, s []int, lo, hi float64, f func(x *graph.Node) *graph.Node) Case {
	return Case{Op: op, Name: graph.ShapeString(s) + " " + name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		x := b.Param(lo, hi, s...)
		return f(x), []*graph.Node{x}
	}}
}

// secondOrder checks the gradient of the gradient: the case's output is
// ∂/∂x Σ R ⊙ f(x)² (R random), so Run differentiates f's VJP again. The square
// keeps the first gradient dependent on x for linear f (Slice, Transpose).
func secondOrder(op string, s []int, lo, hi float64, f func(x *graph.Node) *graph.Node) Case {
	return Case{Op: op, Name: graph.ShapeString(s) + " second order", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		x := b.Param(lo, hi, s...)
		y := f(x)
		r := b.G.Const(b.Random(-1, 1, y.Shape()...))
		g, err := autodiff.Grad(ops.Sum(ops.Mul(ops.Square(y), r)), x)
		if err != nil {
			return b.G.Fail("Grad", err, x), []*graph.Node{x}
		}
		return g[0], []*graph.Node{x}
	}}
}

func softmaxCases() []Case {
	var cs []Case
	for _, c := range []struct {
		s    []int
		axis int
	}{{[]int{5}, 0}, {[]int{3, 4}, -1}, {[]int{3, 4}, 0}, {[]int{2, 3, 4}, 1}, {[]int{2, 3, 4}, 0}, {[]int{2, 3, 4}, -1}} {
		axis := c.axis
		name := fmt.Sprintf("axis %d", axis)
		cs = append(cs,
			axisCase("LogSoftmax", name, c.s, -2, 2, func(x *graph.Node) *graph.Node { return ops.LogSoftmax(x, axis) }),
			axisCase("Softmax", name, c.s, -2, 2, func(x *graph.Node) *graph.Node { return ops.Softmax(x, axis) }))
	}
	return append(cs,
		secondOrder("LogSoftmax", []int{2, 3, 4}, -2, 2, func(x *graph.Node) *graph.Node { return ops.LogSoftmax(x, 1) }),
		secondOrder("Softmax", []int{3, 4}, -2, 2, func(x *graph.Node) *graph.Node { return ops.Softmax(x, -1) }))
}

// maxCases add small random params to constants spaced 1 apart in a shuffled
// order, so the argmax of every line sits at varying positions and no two
// elements come within a finite-difference step of each other.
func maxCases() []Case {
	var cs []Case
	for _, c := range []struct {
		s    []int
		axis int
	}{{[]int{5}, 0}, {[]int{3, 4}, 1}, {[]int{3, 4}, 0}, {[]int{2, 3, 4}, 0}, {[]int{2, 3, 4}, 1}, {[]int{2, 3, 4}, -1}} {
		s, axis := c.s, c.axis
		cs = append(cs, Case{Op: "Max", Name: fmt.Sprintf("%s axis %d", graph.ShapeString(s), axis),
			Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				n := 1
				for _, d := range s {
					n *= d
				}
				spread := make([]float64, n)
				for i := range spread {
					spread[i] = float64((i*7 + 3) % n) // 7 is prime to every n here
				}
				x := b.Param(-0.2, 0.2, s...)
				return ops.Max(ops.Add(x, b.Const(spread, s...)), axis), []*graph.Node{x}
			}})
	}
	return cs
}

func transposeCases() []Case {
	return []Case{
		axisCase("Transpose", "reversed", []int{3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Transpose(x) }),
		axisCase("Transpose", "reversed", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Transpose(x) }),
		axisCase("Transpose", "perm 1,0,2", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Transpose(x, 1, 0, 2) }),
		axisCase("Transpose", "perm 2,0,1", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Transpose(x, 2, 0, 1) }),
		axisCase("Transpose", "perm 0,2,1", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Transpose(x, 0, 2, 1) }),
		secondOrder("Transpose", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Transpose(x, 2, 0, 1) }),
	}
}

func sliceCases() []Case {
	return []Case{
		axisCase("Slice", "axis 0, 1:3", []int{4, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Slice(x, 0, 1, 3) }),
		axisCase("Slice", "axis 1, 2:4", []int{2, 5, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Slice(x, 1, 2, 4) }),
		axisCase("Slice", "axis -1, 0:1", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Slice(x, -1, 0, 1) }),
		axisCase("Slice", "axis 0, all", []int{2, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Slice(x, 0, 0, 2) }),
		// An unrolled RNN's step: x_t = x[:, t, :] of a [B, T, F] batch, used twice.
		axisCase("Slice", "time steps of [B, T, F]", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node {
			x0 := ops.Reshape(ops.Slice(x, 1, 0, 1), 2, 4)
			x2 := ops.Reshape(ops.Slice(x, 1, 2, 3), 2, 4)
			return ops.Mul(x0, ops.Add(x2, x0))
		}),
		secondOrder("Slice", []int{2, 5, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Slice(x, 1, 1, 4) }),
	}
}

func concatCases() []Case {
	type shapes [][]int
	var cs []Case
	for _, c := range []struct {
		axis int
		s    shapes
	}{
		{0, shapes{{2, 3}, {1, 3}}},
		{1, shapes{{2, 3}, {2, 2}}},
		{1, shapes{{2, 1, 4}, {2, 3, 4}, {2, 2, 4}}},
		{-1, shapes{{2, 3, 1}, {2, 3, 2}}},
		{0, shapes{{4}}},
	} {
		c := c
		name := fmt.Sprintf("axis %d of", c.axis)
		for _, s := range c.s {
			name += " " + graph.ShapeString(s)
		}
		cs = append(cs, Case{Op: "Concat", Name: name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			var xs []*graph.Node
			for _, s := range c.s {
				xs = append(xs, b.Param(-1, 1, s...))
			}
			return ops.Concat(c.axis, xs...), xs
		}})
	}
	return append(cs,
		axisCase("Concat", "x with itself, axis 1", []int{2, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Concat(1, x, ops.Square(x), x) }),
		secondOrder("Concat", []int{2, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Concat(0, x, ops.Neg(x)) }))
}
