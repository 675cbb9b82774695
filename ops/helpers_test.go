package ops_test

import (
	"math"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// dense64 returns a float64 tensor of the given shape.
func dense64(shape []int, v ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

// ints returns an int tensor of the given shape.
func ints(shape []int, v ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(v))
}

// eval compiles the nodes, runs them with feeds and returns their values as
// float64 slices (float32 values are widened).
func eval(t *testing.T, feeds graph.Feeds, nodes ...*graph.Node) [][]float64 {
	t.Helper()
	p, err := graph.Compile(nodes...)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Run(feeds); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(nodes))
	for i, n := range nodes {
		v := p.Value(n)
		if v.Dtype() == tensor.Float32 {
			for _, x := range v.Float32s() {
				out[i] = append(out[i], float64(x))
			}
			continue
		}
		out[i] = append([]float64(nil), v.Float64s()...)
	}
	return out
}

// near fails unless got and want have the same length and agree to tol.
func near(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values %v, want %d %v", what, len(got), got, len(want), want)
	}
	for i := range got {
		if math.IsNaN(got[i]) || math.IsInf(got[i], 0) || math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %.10g, want %.10g", what, i, got[i], want[i])
		}
	}
}

// wantShape fails unless n has the given shape.
func wantShape(t *testing.T, n *graph.Node, shape ...int) {
	t.Helper()
	if n.Bad() || !graph.SameShape(n.Shape(), shape) {
		t.Fatalf("%v: want shape %s (graph error: %v)", n, graph.ShapeString(shape), n.Graph().Err())
	}
}

// wantBuildError fails unless g has recorded an error that contains every
// one of parts; the caller's file is always among them.
func wantBuildError(t *testing.T, g *graph.Graph, bad *graph.Node, parts ...string) {
	t.Helper()
	if !bad.Bad() {
		t.Fatalf("%v: want a bad node", bad)
	}
	err := g.Err()
	if err == nil {
		t.Fatal("want a graph error, got nil")
	}
	for _, p := range append(parts, "_test.go:") {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}
