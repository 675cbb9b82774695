package graph_test

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

// cost runs f and returns the bytes it allocated and its wall time.
func cost(f func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, d
}

// cheap fails t unless f allocated at most 4 MiB in under 100 ms: a refused
// huge shape must cost nothing like its size.
func cheap(t *testing.T, what string, f func()) {
	t.Helper()
	b, d := cost(f)
	if b > 4<<20 || d > 100*time.Millisecond {
		t.Errorf("%s: allocated %d bytes in %v, want at most 4 MiB in 100 ms", what, b, d)
	}
}

// wantErr fails t unless err is non-nil and mentions every string in want.
func wantErr(t *testing.T, what string, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q does not mention %q", what, err, w)
		}
	}
}

// Input(1<<32, 1<<32) has 2^64 elements: the count wraps to 0 in an int.
// It used to build, and ops.Sum then allocated 32 GB for its row plan.
func TestInputWhoseElementCountOverflowsIsRefused(t *testing.T) {
	var g *graph.Graph
	var x, s *graph.Node
	cheap(t, "Input and Sum", func() {
		g = graph.New()
		x = g.Input("x", tensor.Float64, 1<<32, 1<<32)
		s = ops.Sum(x)
	})
	if !x.Bad() || !s.Bad() {
		t.Fatal("want bad nodes")
	}
	wantErr(t, "Input", g.Err(), "Input x", "(4294967296, 4294967296)", "more elements than an int can count")
	_, err := graph.Compile(s)
	wantErr(t, "Compile", err, "Input x")
}

// 2^31·2^31 = 2^62 elements fit in an int, their 2^65 bytes do not.
func TestInputWhoseByteSizeOverflowsIsRefused(t *testing.T) {
	g := graph.New()
	cheap(t, "Input", func() { g.Input("x", tensor.Float64, 1<<31, 1<<31) })
	wantErr(t, "Input", g.Err(), "(2147483648, 2147483648)", "more bytes than an int can count")
}

// Input(1<<23, 1<<23) is 2^49 bytes (512 TiB): Compile used to panic with
// "makeslice: len out of range".
func TestInputAboveTheMemoryLimitIsRefused(t *testing.T) {
	g := graph.New()
	var x *graph.Node
	cheap(t, "Input", func() { x = g.Input("x", tensor.Float64, 1<<23, 1<<23) })
	if !errors.Is(g.Err(), graph.ErrMemoryLimit) {
		t.Errorf("error %v does not wrap ErrMemoryLimit", g.Err())
	}
	wantErr(t, "Input", g.Err(), "(8388608, 8388608)", "512 TiB", "memory limit")
	cheap(t, "Compile", func() {
		if _, err := graph.Compile(x); err == nil {
			t.Error("Compile: no error")
		}
	})
	g = graph.New()
	cheap(t, "Full", func() { g.Full(tensor.Float32, 1, 1<<23, 1<<23) })
	wantErr(t, "Full", g.Err(), "Full", "256 TiB", "memory limit")
}

// An op's result is checked like a leaf: MatMul of [2^22, 1] and [1, 2^22]
// is 2^44 elements (128 TiB), from two 32 MiB operands.
func TestOpResultAboveTheMemoryLimitIsRefused(t *testing.T) {
	g := graph.New()
	a := g.Input("a", tensor.Float64, 1<<22, 1)
	b := g.Input("b", tensor.Float64, 1, 1<<22)
	var y *graph.Node
	cheap(t, "MatMul", func() { y = ops.MatMul(a, b) })
	if !y.Bad() || !errors.Is(g.Err(), graph.ErrMemoryLimit) {
		t.Fatalf("MatMul: bad %v, error %v", y.Bad(), g.Err())
	}
	wantErr(t, "MatMul", g.Err(), "MatMul", "(4194304, 4194304)", "128 TiB")
}

// Compile adds up the buffers of inputs and op results and refuses a
// program above the limit before allocating any of them.
func TestCompileRefusesProgramsAboveTheLimitBeforeAllocating(t *testing.T) {
	g := graph.New()
	a := g.Input("a", tensor.Float64, 1024, 1024) // 8 MiB each
	b := g.Input("b", tensor.Float64, 1024, 1024)
	c := g.Input("c", tensor.Float64, 1024, 1024)
	y := ops.Add(ops.Add(a, b), c) // 5 buffers: 40 MiB
	w := g.Param("w", tensor.New(tensor.WithShape(1024, 1024), tensor.Of(tensor.Float64)))
	z := ops.Mul(y, w) // a param's value is the graph's, not the program's: 48 MiB
	var err error
	cheap(t, "Compile", func() {
		_, err = graph.CompileWith(graph.CompileOptions{MemoryLimit: 48<<20 - 1}, z)
	})
	if !errors.Is(err, graph.ErrMemoryLimit) {
		t.Fatalf("Compile: error %v does not wrap ErrMemoryLimit", err)
	}
	wantErr(t, "Compile", err, "6 buffers take 48 MiB", "memory limit of 48 MiB")
	p, err := graph.CompileWith(graph.CompileOptions{MemoryLimit: 48 << 20}, z)
	if err != nil {
		t.Fatal(err)
	}
	if p.Bytes() != 48<<20 {
		t.Errorf("Bytes() = %d, want 48 MiB", p.Bytes())
	}
	// The package limit applies when the option is zero.
	old := graph.SetMemoryLimit(40 << 20)
	defer graph.SetMemoryLimit(old)
	if _, err := graph.Compile(z); !errors.Is(err, graph.ErrMemoryLimit) {
		t.Errorf("Compile under SetMemoryLimit(40 MiB): error %v", err)
	}
	if _, err := graph.CompileWith(graph.Fast, y); err != nil {
		t.Errorf("a 40 MiB program under a 40 MiB limit: %v", err)
	}
}

func TestSetMemoryLimit(t *testing.T) {
	def := graph.MemoryLimit()
	if def < 1<<20 {
		t.Fatalf("default limit %d bytes", def)
	}
	if old := graph.SetMemoryLimit(1 << 20); old != def {
		t.Errorf("SetMemoryLimit returned %d, want the default %d", old, def)
	}
	if graph.MemoryLimit() != 1<<20 {
		t.Errorf("MemoryLimit() = %d after SetMemoryLimit(1 MiB)", graph.MemoryLimit())
	}
	g := graph.New()
	g.Input("x", tensor.Float64, 1024, 129) // 1032 KiB
	wantErr(t, "Input", g.Err(), "1 MiB")
	if old := graph.SetMemoryLimit(0); old != 1<<20 || graph.MemoryLimit() != def {
		t.Errorf("SetMemoryLimit(0) returned %d and left %d, want 1 MiB and the default %d", old, graph.MemoryLimit(), def)
	}
}

// With Share, Compile allocates only the buffers it keeps, and counts
// exactly those against the limit: a chain of 20 elementwise ops over a
// 1 MiB input holds (and allocates) a few MiB, not 21.
func TestCompileWithShareAllocatesOnlyWhatItKeeps(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 128, 1024) // 1 MiB
	y := x
	for i := 0; i < 20; i++ {
		y = ops.Tanh(ops.Mul(y, g.Scalar(0.5)))
	}
	plain := graph.MustCompile(y)
	if plain.Bytes() != 41<<20 {
		t.Errorf("plain program: %d bytes, want 41 MiB (the input and 40 op results)", plain.Bytes())
	}
	var fast *graph.Program
	b, _ := cost(func() {
		var err error
		if fast, err = graph.CompileWith(graph.Fast, y); err != nil {
			t.Fatal(err)
		}
	})
	if fast.Bytes() > 4<<20 || b > uint64(fast.Bytes())+1<<20 {
		t.Errorf("graph.Fast: holds %d bytes, Compile allocated %d; want at most 4 MiB held and 1 MiB more allocated", fast.Bytes(), b)
	}
	limit := graph.CompileOptions{Fuse: true, Share: true, MemoryLimit: fast.Bytes()}
	if _, err := graph.CompileWith(limit, y); err != nil {
		t.Errorf("under a limit of exactly its %d bytes: %v", fast.Bytes(), err)
	}
	limit.MemoryLimit--
	if _, err := graph.CompileWith(limit, y); !errors.Is(err, graph.ErrMemoryLimit) {
		t.Errorf("under a limit one byte short: error %v", err)
	}
}
