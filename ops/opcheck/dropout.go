package opcheck

import (
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, dropoutCases) }

// dropoutCases run in training mode with the run counter held, so that the
// mask is fixed and the check compares gradients through it; in evaluation
// mode Dropout is the identity, checked too. On 24 elements at p = 0.5 the
// seeds used drop some elements and keep others (ops' dropout tests check
// drop fractions).
func dropoutCases() []Case {
	cs := []Case{
		{Op: "Dropout", Name: "(4, 6) p 0.5, training", Training: true, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 4, 6)
			return ops.Dropout(x, 0.5, 3), []*graph.Node{x}
		}},
		{Op: "Dropout", Name: "(2, 3, 4) p 0.25 times x, training", Training: true, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 2, 3, 4)
			return ops.Mul(ops.Dropout(x, 0.25, 9), x), []*graph.Node{x}
		}},
		{Op: "Dropout", Name: "(3, 4) p 0.5, evaluation", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
			x := b.Param(-1, 1, 3, 4)
			return ops.Dropout(x, 0.5, 1), []*graph.Node{x}
		}},
	}
	so := secondOrder("Dropout", []int{4, 6}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Dropout(x, 0.5, 5) })
	so.Training = true
	return append(cs, so)
}
