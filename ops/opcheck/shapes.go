package opcheck

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, padStackCases) }

func padStackCases() []Case {
	return []Case{
		axisCase("Pad", "2:1 on axis 0, 0:3 on axis 1", []int{2, 3}, -1, 1, func(x *graph.Node) *graph.Node {
			return ops.Pad(x, 0.5, [2]int{2, 1}, [2]int{0, 3})
		}),
		axisCase("Pad", "images by 1 pixel", []int{2, 1, 3, 2}, -1, 1, func(x *graph.Node) *graph.Node {
			return ops.Pad(x, 0, [2]int{}, [2]int{}, [2]int{1, 1}, [2]int{1, 1})
		}),
		axisCase("Pad", "last axis only", []int{4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Pad(x, -2, [2]int{1, 0}) }),
		secondOrder("Pad", []int{2, 3, 2}, -1, 1, func(x *graph.Node) *graph.Node {
			return ops.Pad(x, 1, [2]int{1, 0}, [2]int{0, 0}, [2]int{2, 1})
		}),
		{Op: "Stack", Name: "axis 1 of three (2, 3)", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, y, z := b.Param(-1, 1, 2, 3), b.Param(-1, 1, 2, 3), b.Param(-1, 1, 2, 3)
			return ops.Stack(1, x, y, z), []*graph.Node{x, y, z}
		}},
		{Op: "Stack", Name: "axis -1 of x, x²", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 3, 2)
			return ops.Stack(-1, x, ops.Square(x)), []*graph.Node{x}
		}},
		{Op: "Stack", Name: "axis 0 of scalars", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x, y := b.Param(-1, 1), b.Param(-1, 1)
			return ops.Stack(0, x, y), []*graph.Node{x, y}
		}},
		axisCase("Flatten", "of [B, C, H, W]", []int{2, 3, 2, 2}, -1, 1, ops.Flatten),
		axisCase("Flatten", "of [B]", []int{3}, -1, 1, ops.Flatten),
		axisCase("FlattenFrom", "axis 2", []int{2, 3, 2, 2}, -1, 1, func(x *graph.Node) *graph.Node { return ops.FlattenFrom(x, 2) }),
		axisCase("FlattenFrom", "axis -1", []int{2, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.FlattenFrom(x, -1) }),
	}
}
