package graph_test

import (
	"sync"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// The documented rule: a Graph is built on one goroutine; after that, any
// number of Programs compiled from it may run at once, one per goroutine,
// while the params they share are only read. go test -race checks it.
func TestProgramsPerGoroutineShareParams(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 4, 3)
	w := g.Param("w", tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{0.1, -0.2, 0.3, 0.4, -0.5, 0.6})))
	b := g.Param("b", tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{0.05, -0.05})))
	y := ops.Softmax(ops.Tanh(ops.Add(ops.MatMul(x, w), b)), 1)

	input := func(k int) *tensor.Dense {
		v := make([]float64, 12)
		for i := range v {
			v[i] = float64((i*7+k*3)%11)/5 - 1
		}
		return tensor.New(tensor.WithShape(4, 3), tensor.WithBacking(v))
	}
	const workers = 4
	want := make([][]float64, workers)
	seq := graph.MustCompile(y)
	for k := range want {
		if err := seq.Run(graph.Feeds{x: input(k)}); err != nil {
			t.Fatal(err)
		}
		want[k] = append([]float64(nil), seq.Value(y).Float64s()...)
	}

	var wg sync.WaitGroup
	errs := make([]error, workers)
	got := make([][]float64, workers)
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			p, err := graph.Compile(y)
			if err != nil {
				errs[k] = err
				return
			}
			in := input(k)
			for i := 0; i < 50; i++ {
				if err := p.Run(graph.Feeds{x: in}); err != nil {
					errs[k] = err
					return
				}
			}
			got[k] = append([]float64(nil), p.Value(y).Float64s()...)
		}(k)
	}
	wg.Wait()
	for k := range got {
		if errs[k] != nil {
			t.Fatal(errs[k])
		}
		for i := range got[k] {
			if got[k][i] != want[k][i] {
				t.Fatalf("worker %d element %d: %v, sequential %v", k, i, got[k][i], want[k][i])
			}
		}
	}
}
