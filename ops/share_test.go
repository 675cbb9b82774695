package ops_test

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// graph.Fast shares the buffers of an unrolled RNN's intermediate values and
// accumulates the recurrent weight's gradient in place, with outputs
// bit-identical to the unshared program's, run after run.
func TestSharedBuffersUnrolledRNN(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	g := graph.New(graph.WithDtype(tensor.Float32))
	const batch, in, hidden, steps = 4, 3, 8, 16
	x := g.Input("x", tensor.Float32, steps, batch, in)
	wx := g.Param("wx", randDense(rng, tensor.Float32, in, hidden))
	wh := g.Param("wh", randDense(rng, tensor.Float32, hidden, hidden))
	b := g.Param("b", randDense(rng, tensor.Float32, hidden))
	h := g.Full(tensor.Float32, 0, batch, hidden)
	for s := 0; s < steps; s++ {
		xs := ops.Reshape(ops.Slice(x, 0, s, s+1), batch, in)
		h = ops.Tanh(ops.Add(ops.Add(ops.MatMul(xs, wx), ops.MatMul(h, wh)), b))
	}
	loss := ops.Mean(ops.Square(h))
	outs := append([]*graph.Node{loss}, autodiff.MustGrad(loss, wx, wh, b)...)
	plain := graph.MustCompile(outs...)
	fast, err := graph.CompileWith(graph.Fast, outs...)
	if err != nil {
		t.Fatal(err)
	}
	if fast.Bytes()*4 > plain.Bytes() {
		t.Errorf("graph.Fast holds %d bytes, the plain program %d: want under a quarter", fast.Bytes(), plain.Bytes())
	}
	t.Logf("buffers: %d bytes plain, %d with graph.Fast; steps %d and %d", plain.Bytes(), fast.Bytes(), plain.Steps(), fast.Steps())
	xv := randDense(rng, tensor.Float32, steps, batch, in)
	for run := 0; run < 3; run++ {
		for _, p := range []*graph.Program{plain, fast} {
			if err := p.Run(graph.Feeds{x: xv}); err != nil {
				t.Fatal(err)
			}
		}
		for _, o := range outs {
			if !bitsEqual(plain.Value(o), fast.Value(o)) {
				t.Fatalf("run %d: %s differs with graph.Fast", run, o)
			}
		}
		xv.Float32s()[run]++ // a new input each run
	}
	if why := ops.AllocsUncountable(ops.BLAS); why != "" {
		t.Skip("outputs checked; allocations not counted: " + why)
	}
	if n := testing.AllocsPerRun(10, func() { _ = fast.Exec() }); n != 0 {
		t.Errorf("graph.Fast program allocates %v times per run", n)
	}
}
