package ops

import (
	"math"

	"github.com/chainrule/chainrule/graph"
)

// Log returns the natural logarithm elementwise; log 0 = −Inf and the log of
// a negative number is NaN (see Program.SetCheck).
func Log(x *graph.Node) *graph.Node {
	return graph.Apply(&unary{name: "Log", heavy: true, k64: mapKernel(math.Log), k32: mapKernel(log32), vjp: logVJP}, x)
}

// (ln x)' = 1/x.
func logVJP(x, _, dy *graph.Node) *graph.Node { return Div(dy, x) }

func log32(v float32) float32 { return float32(math.Log(float64(v))) }
