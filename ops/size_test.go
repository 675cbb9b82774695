package ops_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// cheap fails t unless f allocated at most 4 MiB in under 100 ms.
func cheap(t *testing.T, what string, f func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	if b := after.TotalAlloc - before.TotalAlloc; b > 4<<20 || d > 100*time.Millisecond {
		t.Errorf("%s: allocated %d bytes in %v, want at most 4 MiB in 100 ms", what, b, d)
	}
}

// Ops must refuse a huge result while building, and those that build a row
// plan (one offset per output row) before they build it: each case here
// used to panic or allocate terabytes while building.
func TestHugeShapesAreRefusedWhileBuilding(t *testing.T) {
	defer graph.SetMemoryLimit(graph.SetMemoryLimit(16 << 30)) // whatever the machine holds
	for _, c := range []struct {
		name  string
		build func(g *graph.Graph) *graph.Node
		want  []string
	}{
		{"BroadcastTo overflowing an int", func(g *graph.Graph) *graph.Node {
			return ops.BroadcastTo(g.Input("x", tensor.Float64, 3), 1<<32, 1<<31, 3)
		}, []string{"BroadcastTo", "(4294967296, 2147483648, 3)", "more elements than an int can count"}},
		{"BroadcastTo to 8 TiB", func(g *graph.Graph) *graph.Node {
			return ops.BroadcastTo(g.Input("x", tensor.Float64, 1), 1<<20, 1<<20, 1)
		}, []string{"BroadcastTo", "(1048576, 1048576, 1)", "8 TiB", "memory limit"}},
		{"BroadcastTo to a negative dimension", func(g *graph.Graph) *graph.Node {
			return ops.BroadcastTo(g.Input("x", tensor.Float64, 1), -5)
		}, []string{"BroadcastTo", "-5", "want > 0"}},
		{"Add of an outer broadcast", func(g *graph.Graph) *graph.Node {
			return ops.Add(g.Input("a", tensor.Float64, 1<<20, 1, 1), g.Input("b", tensor.Float64, 1<<20, 1))
		}, []string{"Add", "(1048576, 1048576, 1)", "8 TiB"}},
		{"Greater of two 8 GiB operands, 2^64 bytes", func(g *graph.Graph) *graph.Node {
			return ops.Greater(g.Input("a", tensor.Float32, 1<<31, 1, 1), g.Input("b", tensor.Float32, 1<<31, 1))
		}, []string{"Greater", "(2147483648, 2147483648, 1)", "more bytes than an int can count"}},
		{"Where of three operands, 2^90 elements", func(g *graph.Graph) *graph.Node {
			c := g.Input("c", tensor.Float32, 1<<30, 1, 1, 1)
			return ops.Where(c, g.Input("a", tensor.Float32, 1<<30, 1, 1), g.Input("b", tensor.Float32, 1<<30, 1))
		}, []string{"Where", "more elements than an int can count"}},
		{"Where of an outer broadcast", func(g *graph.Graph) *graph.Node {
			c := g.Input("c", tensor.Float64, 1<<20, 1, 1)
			return ops.Where(c, g.Input("a", tensor.Float64, 1<<20, 1), g.Scalar(0))
		}, []string{"Where", "(1048576, 1048576, 1)", "8 TiB"}},
		{"Reshape to an overflowing target", func(g *graph.Graph) *graph.Node {
			return ops.Reshape(g.Input("x", tensor.Float64, 2, 3), -1, 1<<32, 1<<32) // divided by zero
		}, []string{"Reshape", "more elements than an int can count"}},
		{"Sum of an overflowing input", func(g *graph.Graph) *graph.Node {
			return ops.Sum(g.Input("x", tensor.Float64, 1<<32, 1<<32))
		}, []string{"Input x", "more elements than an int can count"}},
	} {
		g := graph.New()
		var y *graph.Node
		cheap(t, c.name, func() { y = c.build(g) })
		if !y.Bad() {
			t.Errorf("%s: not a bad node", c.name)
		}
		err := g.Err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "memory limit") && !errors.Is(err, graph.ErrMemoryLimit) {
			t.Errorf("%s: error does not wrap ErrMemoryLimit", c.name)
		}
		if _, err := graph.Compile(y); err == nil {
			t.Errorf("%s: Compile succeeded", c.name)
		}
	}
}

// FuzzHugeShapes builds small graphs over inputs whose dimensions the
// fuzzer picks from a table of huge, overflowing and invalid sizes, and
// checks that building and compiling never panic and, under a 1 MiB memory
// limit, never allocate more than a few MiB, whatever the shapes say.
func FuzzHugeShapes(f *testing.F) {
	f.Add([]byte{2, 4, 4, 1, 5, 0, 1, 2})
	f.Add([]byte{3, 9, 9, 3, 8, 1, 0, 3, 1, 4})
	f.Add([]byte{1, 6, 6, 2, 0, 7, 5, 6})
	f.Add([]byte{4, 2, 2, 2, 2, 3, 3, 3, 3, 9, 10, 11, 12})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 48 {
			b = b[:48]
		}
		defer graph.SetMemoryLimit(graph.SetMemoryLimit(1 << 20))
		dims := []int{1, 2, 3, 1 << 10, 1 << 20, 1 << 23, 1 << 31, 1 << 32, 1 << 62, 0, -1}
		i := 0
		next := func() int {
			if i >= len(b) {
				return 0
			}
			i++
			return int(b[i-1])
		}
		shape := func() []int {
			s := make([]int, next()%5)
			for k := range s {
				s[k] = dims[next()%len(dims)]
			}
			return s
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g := graph.New()
		nodes := []*graph.Node{g.Input("a", tensor.Float64, shape()...), g.Input("b", tensor.Float64, shape()...)}
		pick := func() *graph.Node { return nodes[next()%len(nodes)] }
		for i < len(b) {
			var n *graph.Node
			switch next() % 14 {
			case 0:
				n = ops.Add(pick(), pick())
			case 1:
				n = ops.Mul(pick(), pick())
			case 2:
				n = ops.MatMul(pick(), pick())
			case 3:
				n = ops.BroadcastTo(pick(), shape()...)
			case 4:
				n = ops.Sum(pick(), next()%3-1)
			case 5:
				n = ops.Mean(pick())
			case 6:
				n = ops.Transpose(pick())
			case 7:
				n = ops.Reshape(pick(), shape()...)
			case 8:
				n = ops.Where(ops.Greater(pick(), g.Scalar(0)), pick(), pick())
			case 9:
				n = ops.Concat(next()%3-1, pick(), pick())
			case 10:
				n = ops.Softmax(pick(), next()%3-1)
			case 11:
				n = ops.Maximum(pick(), pick())
			case 12:
				x := pick()
				w := make([][2]int, len(x.Shape()))
				for k := range w {
					w[k] = [2]int{dims[next()%len(dims)], dims[next()%len(dims)]}
				}
				n = ops.Pad(x, 0, w...)
			default:
				n = ops.SumTo(pick(), shape()...)
			}
			nodes = append(nodes, n)
		}
		p, err := graph.CompileWith(graph.Fast, nodes[len(nodes)-1])
		runtime.ReadMemStats(&after)
		if err == nil && p.Bytes() > 1<<20 {
			t.Errorf("a program of %d bytes compiled under a 1 MiB limit", p.Bytes())
		}
		if a := after.TotalAlloc - before.TotalAlloc; a > 32<<20 {
			t.Errorf("building and compiling allocated %d bytes under a 1 MiB limit", a)
		}
	})
}

// A result within the limit whose row plans are not is refused while
// building: a float32 [2^23, 1] broadcast Add is 32 MiB of values and
// 64 MiB of row offsets for its broadcast operand.
func TestRowPlansCountAgainstTheLimit(t *testing.T) {
	defer graph.SetMemoryLimit(graph.SetMemoryLimit(64<<20 - 1))
	g := graph.New()
	a, b := g.Input("a", tensor.Float32, 1<<23, 1), g.Input("b", tensor.Float32, 1)
	var y *graph.Node
	cheap(t, "Add", func() { y = ops.Add(a, b) })
	if !y.Bad() || !errors.Is(g.Err(), graph.ErrMemoryLimit) {
		t.Fatalf("Add: bad %v, error %v", y.Bad(), g.Err())
	}
	if msg := g.Err().Error(); !strings.Contains(msg, "row plans of 8388608 offsets for each of 1 broadcast operands, above the memory limit of 64 MiB") {
		t.Errorf("error %q does not count the offsets", msg)
	}
	graph.SetMemoryLimit(64 << 20)
	g = graph.New()
	a, b = g.Input("a", tensor.Float32, 1<<23, 1), g.Input("b", tensor.Float32, 1)
	y = ops.Add(a, b)
	c := ops.Add(a, a) // no broadcast, no plan
	if y.Bad() || c.Bad() {
		t.Errorf("under a 64 MiB limit: %v", g.Err())
	}
}

// The ops added with the elementwise and convolution work check their
// results the same way: Maximum's row plan, Pad's per-row offsets (whose
// output strides would overflow for these widths).
func TestNewOpsRefuseHugeResultsWhileBuilding(t *testing.T) {
	defer graph.SetMemoryLimit(graph.SetMemoryLimit(16 << 30))
	for _, c := range []struct {
		name  string
		build func(g *graph.Graph) *graph.Node
		want  string
	}{
		{"Maximum", func(g *graph.Graph) *graph.Node {
			return ops.Maximum(g.Input("a", tensor.Float64, 1<<20, 1, 1), g.Input("b", tensor.Float64, 1<<20, 1))
		}, "8 TiB"},
		{"Pad", func(g *graph.Graph) *graph.Node {
			return ops.Pad(g.Input("x", tensor.Float64, 4, 4), 0, [2]int{1 << 31, 1 << 31}, [2]int{1 << 31, 1 << 31})
		}, "more elements than an int can count"},
	} {
		g := graph.New()
		var y *graph.Node
		cheap(t, c.name, func() { y = c.build(g) })
		if !y.Bad() || g.Err() == nil || !strings.Contains(g.Err().Error(), c.want) || !strings.Contains(g.Err().Error(), c.name) {
			t.Errorf("%s: bad %v, error %v, want one naming %s and %q", c.name, y.Bad(), g.Err(), c.name, c.want)
		}
	}
}
