package opcheck

import (
	"math"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, elemCases) }

// elemSigns flips the sign of half the elements of a (3, 4) param drawn from
// [0.2, 1), so that piecewise ops are checked on both sides of their kink
// at 0 and never within a finite-difference step of it.
var elemSigns = []float64{1, -1, 1, -1, -1, 1, 1, -1, 1, 1, -1, -1}

// elemSigned checks f on a param of both signs (see elemSigns).
func elemSigned(name string, f un) Case {
	return Case{Op: name, Name: "negative and positive", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		x := b.Param(0.2, 1, 3, 4)
		return f(ops.Mul(x, b.Const(elemSigns, 3, 4))), []*graph.Node{x}
	}}
}

// elemSpread returns n constants 1 apart in a shuffled order, plus off.
func elemSpread(n int, off float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64((i*7+3)%n) + off
	}
	return v
}

func elemCases() []Case {
	leaky := func(x *graph.Node) *graph.Node { return ops.LeakyReLU(x, 0.1) }
	elu := func(x *graph.Node) *graph.Node { return ops.ELU(x, 0.7) }
	cs := []Case{
		elemSigned("Abs", ops.Abs),
		elemSigned("LeakyReLU", leaky),
		elemSigned("ELU", elu),
		elemSigned("ELU", func(x *graph.Node) *graph.Node { return ops.ELU(x, 1) }),
		unaryCase("Log1p", ops.Log1p, -0.5, 2),
		unaryCase("Expm1", ops.Expm1, -2, 2),
		unaryCase("GELU", ops.GELU, -3, 3),
		unaryCase("GELUTanh", ops.GELUTanh, -3, 3),
		unaryCase("SiLU", ops.SiLU, -3, 3),
		unaryCase("Erf", ops.Erf, -2, 2),
		// Elements spread over [-3, 9) around the bounds 0.5 and 5.5, none
		// within 0.3 of either.
		{Op: "Clamp", Name: "[0.5, 5.5]", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-0.2, 0.2, 3, 4)
			return ops.Clamp(ops.Add(x, b.Const(elemSpread(12, -3), 3, 4)), 0.5, 5.5), []*graph.Node{x}
		}},
		{Op: "Clamp", Name: "[-Inf, 4.5]", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-0.2, 0.2, 3, 4)
			return ops.Clamp(ops.Add(x, b.Const(elemSpread(12, -3), 3, 4)), math.Inf(-1), 4.5), []*graph.Node{x}
		}},
		// Finite differences see through StopGradient, so the case checks
		// its value only: a gets stop(c²) and c is not differentiated
		// (ops' TestStopGradient checks that c gets no gradient).
		{Op: "StopGradient", Name: "a·stop(c²)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			a, c := b.Param(-1, 1, 3, 4), b.Param(-1, 1, 4)
			return ops.Mul(a, ops.StopGradient(ops.Square(c))), []*graph.Node{a}
		}},
		secondOrder("GELU", []int{3, 4}, -3, 3, ops.GELU),
		secondOrder("GELUTanh", []int{3, 4}, -3, 3, ops.GELUTanh),
		secondOrder("SiLU", []int{3, 4}, -3, 3, ops.SiLU),
		secondOrder("Erf", []int{3, 4}, -2, 2, ops.Erf),
		secondOrder("Log1p", []int{3, 4}, -0.5, 2, ops.Log1p),
		secondOrder("Expm1", []int{3, 4}, -2, 2, ops.Expm1),
		secondOrder("ELU", []int{3, 4}, -2, -0.2, elu),
		secondOrder("ELU", []int{3, 4}, 0.2, 2, elu),
	}
	// Minimum and Maximum: a and b on grids 1 apart offset by 0.5, so that
	// either may win and no pair comes within 0.1 of a tie; b
	// broadcast in some shapes.
	for _, f := range []struct {
		name string
		f    bin
	}{{"Maximum", ops.Maximum}, {"Minimum", ops.Minimum}} {
		for _, s := range [][2][]int{{{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 1}, {1, 4}}, {{2, 3}, {}}} {
			f, s := f, s
			cs = append(cs, Case{Op: f.name, Name: graph.ShapeString(s[0]) + "," + graph.ShapeString(s[1]),
				Build: func(b *Builder) (*graph.Node, []*graph.Node) {
					x, y := b.Param(-0.2, 0.2, s[0]...), b.Param(-0.2, 0.2, s[1]...)
					na, nb := elemSize(s[0]), elemSize(s[1])
					ca := b.Const(elemSpread(na, 0), s[0]...)
					cb := b.Const(elemSpread(nb, 0.5), s[1]...)
					return f.f(ops.Add(x, ca), ops.Add(y, cb)), []*graph.Node{x, y}
				}})
		}
	}
	return cs
}

func elemSize(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
