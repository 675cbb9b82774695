package ops

import "github.com/chainrule/chainrule/graph"

// Variance returns the population variance of x over the given axes (all
// with none), mean((x − mean(x))²), dividing by the number of elements
// reduced, not one less: torch.var(x, dims, unbiased=False), the variance
// batch norm and layer norm normalise by. The axes are removed from the
// shape, as Sum removes them; see VarianceKeep. It is computed in two
// passes (mean first, then squared deviations), so that a large mean does
// not cancel the variance away, and written in ops, so its gradient needs
// no code of its own. An axis out of range or given twice gives a bad node.
func Variance(x *graph.Node, axes ...int) *graph.Node {
	_, out, err := reduceShapes(x, axes)
	if err != nil {
		return graph.Fail("Variance", err, x)
	}
	return Reshape(VarianceKeep(x, axes...), out...)
}

// VarianceKeep is Variance that keeps the reduced axes with size 1: batch
// norm's variance of a [B, C, H, W] batch is VarianceKeep(x, 0, 2, 3),
// [1, C, 1, 1], which broadcasts against x whatever the batch size.
func VarianceKeep(x *graph.Node, axes ...int) *graph.Node {
	if _, _, err := reduceShapes(x, axes); err != nil {
		return graph.Fail("VarianceKeep", err, x)
	}
	d := Sub(x, MeanKeep(x, axes...))
	return MeanKeep(Square(d), axes...)
}
