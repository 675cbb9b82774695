package opcheck

import (
	"fmt"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, batchMatMulCases) }

// batchMatMulCases cover batches on both sides, broadcast batch dimensions
// (1s and missing ones), a matrix on either side (b a matrix takes the
// one-product path), every transpose flag, MatMul's batched form with
// vectors, and second order.
func batchMatMulCases() []Case {
	type c struct {
		a, b   []int
		ta, tb bool
	}
	var cs []Case
	for _, s := range []c{
		{[]int{2, 3, 4}, []int{2, 4, 5}, false, false},
		{[]int{2, 1, 3, 4}, []int{3, 4, 2}, false, false},
		{[]int{3, 4}, []int{2, 4, 5}, false, false},
		{[]int{2, 3, 4}, []int{4, 5}, false, false},
		{[]int{2, 3, 4}, []int{5, 4}, false, true},
		{[]int{2, 4, 3}, []int{4, 5}, true, false},
		{[]int{2, 3, 4}, []int{1, 5, 4}, false, true},
		{[]int{1, 4, 3}, []int{2, 4, 5}, true, false},
		{[]int{2, 2, 4, 3}, []int{2, 1, 5, 4}, true, true},
		{[]int{4, 3}, []int{2, 5, 4}, true, true},
	} {
		s := s
		cs = append(cs, Case{Op: "BatchMatMul", Name: fmt.Sprintf("%s·%s %s", graph.ShapeString(s.a), graph.ShapeString(s.b), flags([2]bool{s.ta, s.tb})),
			Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, y := b.Param(-1, 1, s.a...), b.Param(-1, 1, s.b...)
				return ops.BatchMatMul(x, y, s.ta, s.tb), []*graph.Node{x, y}
			}})
	}
	for _, s := range [][2][]int{{{2, 3, 4}, {4}}, {{4}, {2, 4, 3}}, {{2, 1, 3, 4}, {2, 4, 2}}} {
		s := s
		cs = append(cs, Case{Op: "MatMul", Name: "batched " + graph.ShapeString(s[0]) + "·" + graph.ShapeString(s[1]),
			Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, y := b.Param(-1, 1, s[0]...), b.Param(-1, 1, s[1]...)
				return ops.MatMul(x, y), []*graph.Node{x, y}
			}})
	}
	return append(cs, secondOrder("BatchMatMul", []int{2, 3, 3}, -1, 1, func(x *graph.Node) *graph.Node {
		return ops.BatchMatMul(x, x, false, true)
	}))
}
