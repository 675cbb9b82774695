package opcheck

import (
	"fmt"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

func init() { extra = append(extra, keepCases) }

func keepCases() []Case {
	cs := []Case{
		axisCase("SumKeep", "axis 0", []int{3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.SumKeep(x, 0) }),
		axisCase("SumKeep", "axes 0,2", []int{2, 3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.SumKeep(x, 0, -1) }),
		axisCase("SumKeep", "all", []int{2, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.SumKeep(x) }),
		axisCase("MeanKeep", "axis 1", []int{3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.MeanKeep(x, 1) }),
		axisCase("MeanKeep", "axes 0,2,3", []int{2, 3, 2, 2}, -1, 1, func(x *graph.Node) *graph.Node { return ops.MeanKeep(x, 0, 2, 3) }),
		axisCase("Variance", "axis 0", []int{4, 3}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Variance(x, 0) }),
		axisCase("Variance", "all", []int{3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.Variance(x) }),
		axisCase("VarianceKeep", "axes 0,2,3", []int{3, 2, 2, 2}, -1, 1, func(x *graph.Node) *graph.Node { return ops.VarianceKeep(x, 0, 2, 3) }),
		axisCase("VarianceKeep", "axis -1", []int{2, 5}, -1, 1, func(x *graph.Node) *graph.Node { return ops.VarianceKeep(x, -1) }),
		secondOrder("VarianceKeep", []int{3, 4}, -1, 1, func(x *graph.Node) *graph.Node { return ops.VarianceKeep(x, 0) }),
		// Layer norm over the features of a [B, F] batch, as layers will
		// write it: (x − mean)/√(var + ε) with keepdims statistics.
		axisCase("VarianceKeep", "layer norm", []int{3, 5}, -1, 1, func(x *graph.Node) *graph.Node {
			return ops.Div(ops.Sub(x, ops.MeanKeep(x, -1)), ops.Sqrt(ops.Add(ops.VarianceKeep(x, -1), x.Graph().Scalar(1e-5))))
		}),
	}
	// MaxKeep, on the spread constants of maxCases so that no line has a tie.
	for _, c := range []struct {
		s    []int
		axis int
	}{{[]int{3, 4}, 1}, {[]int{2, 3, 4}, 0}, {[]int{2, 3, 4}, -2}} {
		s, axis := c.s, c.axis
		cs = append(cs, Case{Op: "MaxKeep", Name: fmt.Sprintf("%s axis %d", graph.ShapeString(s), axis),
			Build: func(b *Builder) (*graph.Node, []*graph.Node) {
				x := b.Param(-0.2, 0.2, s...)
				return ops.MaxKeep(ops.Add(x, b.Const(elemSpread(elemSize(s), 0), s...)), axis), []*graph.Node{x}
			}})
	}
	return cs
}

func init() { extra = append(extra, argMaxCases) }

// ArgMax has no gradient; its case checks it as a selector: Σ_k
// OneHot(ArgMax(x))·x along the last axis is Max(x, -1), whose gradient
// reaches x through the product only, 1 at each line's maximum.
func argMaxCases() []Case {
	s := []int{3, 4}
	return []Case{{Op: "ArgMax", Name: "OneHot(ArgMax(x, -1))·x", Build: func(b *Builder) (*graph.Node, []*graph.Node) {
		x := b.Param(-0.2, 0.2, s...)
		xs := ops.Add(x, b.Const(elemSpread(elemSize(s), 0), s...))
		return ops.Sum(ops.Mul(ops.OneHot(ops.ArgMax(xs, -1), 4, b.Dt), xs), -1), []*graph.Node{x}
	}}}
}
