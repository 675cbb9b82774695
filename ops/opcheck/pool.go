package opcheck

import (
	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, poolCases) }

// distinct returns a param of shape s whose elements are a fixed
// permutation of 0, 0.1, 0.2, … plus a param drawn from [0, 0.05): no two
// elements of a window come within the finite-difference step of a tie.
func distinct(b *Builder, s ...int) (x, p *graph.Node) {
	n := 1
	for _, d := range s {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = 0.1*float64((i*37)%n) - 0.05*float64(n)
	}
	p = b.Param(0, 0.05, s...)
	return ops.Add(p, b.Const(v, s...)), p
}

func poolCases() []Case {
	shapes := []struct {
		name string
		x    []int
		opt  ops.Pool2DOptions
	}{
		{"2×2", []int{2, 2, 4, 6}, ops.Pool2DOptions{Kernel: [2]int{2, 2}}},
		{"3×3 stride 2 padding 1", []int{1, 2, 7, 6}, ops.Pool2DOptions{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}}},
		{"3×2 stride (1,2) padding (1,0), overlapping", []int{2, 1, 5, 6}, ops.Pool2DOptions{Kernel: [2]int{3, 2}, Stride: [2]int{1, 2}, Padding: [2]int{1, 0}}},
	}
	var cs []Case
	for _, s := range shapes {
		s := s
		// 37 is prime to every size here, so the permutation is one.
		cs = append(cs,
			Case{Op: "MaxPool2D", Name: s.name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, p := distinct(b, s.x...)
				return ops.MaxPool2D(x, s.opt), []*graph.Node{p}
			}},
			Case{Op: "MaxPool2D", Name: s.name + " second order", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, p := distinct(b, s.x...)
				g, err := autodiff.Grad(squareSum(b, ops.MaxPool2D(x, s.opt)), p)
				if err != nil {
					return b.G.Fail("Grad", err, p), []*graph.Node{p}
				}
				return g[0], []*graph.Node{p}
			}},
			Case{Op: "AvgPool2D", Name: s.name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x := b.Param(-1, 1, s.x...)
				return ops.AvgPool2D(x, s.opt), []*graph.Node{x}
			}},
			secondOrder("AvgPool2D", s.x, -1, 1, func(x *graph.Node) *graph.Node { return ops.AvgPool2D(x, s.opt) }),
		)
	}
	return cs
}
