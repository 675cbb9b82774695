package opcheck

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, gatherCases) }

// intConst adds an int constant of the given shape.
func intConst(b *Builder, v []int, shape ...int) *graph.Node {
	return b.G.Const(tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v)))
}

// gatherCases pick rows more than once (their gradients sum) and leave some
// unpicked (their gradients are zero).
func gatherCases() []Case {
	return []Case{
		{Op: "Gather", Name: "(5, 3) by (2, 3) indices", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			t := b.Param(-1, 1, 5, 3)
			return ops.Gather(t, intConst(b, []int{4, 0, 4, 2, 0, 4}, 2, 3)), []*graph.Node{t}
		}},
		{Op: "Gather", Name: "(4, 2, 3) by (3) indices", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			t := b.Param(-1, 1, 4, 2, 3)
			return ops.Gather(t, intConst(b, []int{1, 3, 1}, 3)), []*graph.Node{t}
		}},
		{Op: "Gather", Name: "(4) by a scalar index", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			t := b.Param(-1, 1, 4)
			return ops.Gather(t, intConst(b, []int{2})), []*graph.Node{t}
		}},
		secondOrderGather(),
		{Op: "ScatterAdd", Name: "(2, 3, 4) into 5 rows", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			s := b.Param(-1, 1, 2, 3, 4)
			return ops.ScatterAdd(s, intConst(b, []int{4, 0, 4, 2, 0, 4}, 2, 3), 5), []*graph.Node{s}
		}},
		{Op: "ScatterAdd", Name: "(3, 2) into 4 rows by (3, 2) indices", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			s := b.Param(-1, 1, 3, 2)
			return ops.ScatterAdd(s, intConst(b, []int{3, 3, 0, 1, 3, 0}, 3, 2), 4), []*graph.Node{s}
		}},
	}
}

func secondOrderGather() Case {
	return secondOrder("Gather", []int{4, 3}, -1, 1, func(x *graph.Node) *graph.Node {
		idx := x.Graph().Const(tensor.New(tensor.WithShape(5), tensor.WithBacking([]int{3, 1, 3, 3, 0})))
		return ops.Gather(x, idx)
	})
}
