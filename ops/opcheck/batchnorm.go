package opcheck

import (
	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, batchNormCases) }

// batchNormShapes are [N, C], [N, C, L] and [N, C, H, W] batches, small
// enough for finite differences, with 4 to 12 values per channel.
var batchNormShapes = [][]int{{4, 3}, {3, 2, 4}, {2, 3, 2, 3}}

// bnOperands returns x drawn from [−1, 1) and gamma, beta [C] for x of
// shape s.
func bnOperands(b *Builder, s []int) (x, gamma, beta *graph.Node) {
	return b.Param(-1, 1, s...), b.Param(0.5, 1.5, s[1]), b.Param(-1, 1, s[1])
}

func bn(x, gamma, beta *graph.Node) *graph.Node {
	return ops.BatchNorm(x, ops.BatchStats(x), gamma, beta, 1e-5)
}

func batchNormCases() []Case {
	var cs []Case
	for _, s := range batchNormShapes {
		s := s
		name := graph.ShapeString(s)
		cs = append(cs,
			axisCase("BatchStats", "", s, -1, 1, ops.BatchStats),
			secondOrder("BatchStats", s, -1, 1, ops.BatchStats),
			Case{Op: "BatchNorm", Name: name, Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, gamma, beta := bnOperands(b, s)
				return bn(x, gamma, beta), []*graph.Node{x, gamma, beta}
			}},
			// gamma and beta alone: the PartialVJP that builds no gradient of x.
			Case{Op: "BatchNorm", Name: name + " gamma, beta", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, gamma, beta := bnOperands(b, s)
				return bn(x, gamma, beta), []*graph.Node{gamma, beta}
			}},
			// The gradient of Σ R ⊙ y² by x, gamma and beta, differentiated
			// again: every partial derivative of BatchNormGrad and
			// BatchNormReduce (x, stats, gamma, r, dy) and BatchStats' VJP.
			Case{Op: "BatchNorm", Name: name + " second order", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x, gamma, beta := bnOperands(b, s)
				wrt := []*graph.Node{x, gamma, beta}
				g, err := autodiff.Grad(squareSum(b, bn(x, gamma, beta)), wrt...)
				if err != nil {
					return b.G.Fail("Grad", err, x), wrt
				}
				out := ops.Sum(ops.Mul(g[0], b.G.Const(b.Random(-1, 1, s...))))
				for _, gi := range g[1:] {
					out = ops.Add(out, ops.Sum(ops.Mul(gi, b.G.Const(b.Random(-1, 1, s[1])))))
				}
				return out, wrt
			}},
		)
	}
	return cs
}
