package ops_test

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// A reshape whose operand dies at it writes over the operand's buffer
// under graph.Fast (graph.InPlacer): Exp(Reshape(Exp(x))) holds the input,
// one shared buffer for the inner Exp and the reshape, and the output, and
// gives the plain program's bits, float64 and float32.
func TestReshapeInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Input("x", dt, 4, 3, 5)
		y := ops.Exp(ops.Reshape(ops.Exp(x), 12, 5))
		plain := graph.MustCompile(y)
		fast, err := graph.CompileWith(graph.Fast, y)
		if err != nil {
			t.Fatal(err)
		}
		size := 60 * int(dt.Size())
		if got := fast.Bytes(); got != 3*size {
			t.Errorf("%v: graph.Fast holds %d bytes, want %d (input, one shared buffer, output)", dt, got, 3*size)
		}
		xv := randDense(rng, dt, 4, 3, 5)
		for _, p := range []*graph.Program{plain, fast} {
			if err := p.Run(graph.Feeds{x: xv}); err != nil {
				t.Fatal(err)
			}
		}
		if !bitsEqual(plain.Value(y), fast.Value(y)) {
			t.Errorf("%v: the in-place reshape changed the result", dt)
		}
	}
}
