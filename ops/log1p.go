package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Log1p returns ln(1 + x) elementwise, accurate for x near 0
// (Log1p(1e-17) is 1e-17, where Log(1 + x) gives 0); −1 gives −Inf and
// below −1 NaN.
func Log1p(x *graph.Node) *graph.Node {
	return graph.Apply(newUnary64("Log1p", "", true, math.Log1p, log1pVJP), x)
}

// ln(1 + x)' = 1/(1 + x).
func log1pVJP(x, _, dy *graph.Node) *graph.Node { return Div(dy, Add(x, scalarLike(x, 1))) }
