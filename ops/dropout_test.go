package ops_test

import (
	"math"
	"runtime"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// dropoutProgram compiles y = Dropout(x, p, seed) over n elements and
// dx = ∂ Σ(y ⊙ r)/∂x for a fixed r, fed with x = 1 + i mod 7.
func dropoutProgram(t *testing.T, dt tensor.Dtype, n int, p float64, seed uint64) (*graph.Program, *graph.Node, *graph.Node, []float64) {
	t.Helper()
	g := graph.New(graph.WithDtype(dt))
	x := g.Input("x", dt, n)
	y := ops.Dropout(x, p, seed)
	r := make([]float64, n)
	for i := range r {
		r[i] = float64(i%5) - 2
	}
	rc := g.Const(castTensor(dt, tensor.New(tensor.WithShape(n), tensor.WithBacking(r))))
	dx := autodiff.MustGrad(ops.Sum(ops.Mul(y, rc)), x)[0]
	prog := graph.MustCompile(y, dx)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 1 + float64(i%7)
	}
	if err := prog.Set(x, castTensor(dt, tensor.New(tensor.WithShape(n), tensor.WithBacking(xs)))); err != nil {
		t.Fatal(err)
	}
	return prog, y, dx, xs
}

func castTensor(dt tensor.Dtype, t *tensor.Dense) *tensor.Dense {
	if dt == tensor.Float64 {
		return t
	}
	v := t.Float64s()
	s := make([]float32, len(v))
	for i, x := range v {
		s[i] = float32(x)
	}
	return tensor.New(tensor.WithShape(t.Shape()...), tensor.WithBacking(s))
}

func tensorFloats(v *tensor.Dense) []float64 {
	if v.Dtype() == tensor.Float32 {
		out := make([]float64, v.Size())
		for i, x := range v.Float32s() {
			out[i] = float64(x)
		}
		return out
	}
	return append([]float64(nil), v.Float64s()...)
}

// Over 1e5 elements the dropped fraction is within 5 standard deviations of
// p (sd = √(p(1−p)/n)); kept elements are exactly x·1/(1−p); the mean of
// y/x is within 5 sd of 1 (the expected value is kept; sd = √(p/((1−p)n)));
// the gradient is r through the same mask and scale; and consecutive runs
// draw independent masks (they agree on p² + (1−p)² of the elements).
func TestDropoutStatistics(t *testing.T) {
	const n = 100000
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, p := range []float64{0.1, 0.5, 0.8} {
			prog, y, dx, xs := dropoutProgram(t, dt, n, p, 17)
			prog.SetTraining(true)
			scale := 1 / (1 - p)
			if dt == tensor.Float32 {
				scale = float64(float32(scale))
			}
			var prev []bool
			for run := 0; run < 3; run++ {
				if err := prog.Exec(); err != nil {
					t.Fatal(err)
				}
				yv, gv := tensorFloats(prog.Value(y)), tensorFloats(prog.Value(dx))
				mask := make([]bool, n)
				dropped, ratio := 0, 0.0
				for i := range yv {
					r := float64(i%5) - 2
					want := xs[i] * scale
					if dt == tensor.Float32 {
						want = float64(float32(xs[i]) * float32(scale))
					}
					switch {
					case yv[i] == 0:
						dropped++
						if gv[i] != 0 {
							t.Fatalf("%v p %v: element %d dropped but gradient %v", dt, p, i, gv[i])
						}
					case yv[i] != want:
						t.Fatalf("%v p %v: kept element %d = %v, want %v·%v", dt, p, i, yv[i], xs[i], scale)
					default:
						mask[i] = true
						if math.Abs(gv[i]-r*scale) > 1e-6*math.Abs(r*scale) {
							t.Fatalf("%v p %v: gradient %d = %v, want %v", dt, p, i, gv[i], r*scale)
						}
					}
					ratio += yv[i] / xs[i]
				}
				sd := math.Sqrt(p * (1 - p) / n)
				if f := float64(dropped) / n; math.Abs(f-p) > 5*sd {
					t.Errorf("%v p %v run %d: dropped fraction %.5f, want %v ± %.5f", dt, p, run, f, p, 5*sd)
				}
				if m, sdm := ratio/n, math.Sqrt(p/((1-p)*n)); math.Abs(m-1) > 5*sdm {
					t.Errorf("%v p %v run %d: mean of y/x %.5f, want 1 ± %.5f", dt, p, run, m, 5*sdm)
				}
				if prev != nil {
					agree := 0
					for i := range mask {
						if mask[i] == prev[i] {
							agree++
						}
					}
					q := p*p + (1-p)*(1-p)
					if f, sdq := float64(agree)/n, math.Sqrt(q*(1-q)/n); math.Abs(f-q) > 5*sdq {
						t.Errorf("%v p %v run %d: masks of consecutive runs agree on %.5f, want %.5f ± %.5f", dt, p, run, f, q, 5*sdq)
					}
				}
				prev = mask
			}
		}
	}
}

// The same seed and run counter give the same bits at GOMAXPROCS 1 and 2
// (1e5 elements are split across cores when there are two), and in a
// second program; another seed gives another mask.
func TestDropoutSameMaskAtAnyThreadCount(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const n = 100000
	var outs [][]float64
	for _, procs := range []int{1, 2, 1} {
		runtime.GOMAXPROCS(procs)
		prog, y, _, _ := dropoutProgram(t, tensor.Float32, n, 0.5, 99)
		prog.SetTraining(true)
		prog.SetCounter(12)
		if err := prog.Exec(); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, tensorFloats(prog.Value(y)))
	}
	for k := 1; k < len(outs); k++ {
		for i := range outs[0] {
			if math.Float64bits(outs[k][i]) != math.Float64bits(outs[0][i]) {
				t.Fatalf("program %d: element %d = %v, first program gave %v", k, i, outs[k][i], outs[0][i])
			}
		}
	}
	prog, y, _, _ := dropoutProgram(t, tensor.Float32, n, 0.5, 100)
	prog.SetTraining(true)
	prog.SetCounter(12)
	if err := prog.Exec(); err != nil {
		t.Fatal(err)
	}
	same := 0
	for i, v := range tensorFloats(prog.Value(y)) {
		if (v == 0) == (outs[0][i] == 0) {
			same++
		}
	}
	if same > n*52/100 {
		t.Errorf("seeds 99 and 100 agree on %d of %d elements, want about half", same, n)
	}
}

// A program starts in evaluation mode, where Dropout is the identity, and
// returns to it with SetTraining(false); p = 0 keeps everything even in
// training, p = 1 drops everything.
func TestDropoutEvaluationAndEdges(t *testing.T) {
	const n = 1000
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		prog, y, dx, xs := dropoutProgram(t, dt, n, 0.5, 1)
		check := func(what string, wantY func(i int) float64, wantG func(i int) float64) {
			t.Helper()
			if err := prog.Exec(); err != nil {
				t.Fatal(err)
			}
			yv, gv := tensorFloats(prog.Value(y)), tensorFloats(prog.Value(dx))
			for i := range yv {
				if yv[i] != wantY(i) || gv[i] != wantG(i) {
					t.Fatalf("%v %s: element %d: y %v, dx %v; want %v, %v", dt, what, i, yv[i], gv[i], wantY(i), wantG(i))
				}
			}
		}
		id := func(i int) float64 { return xs[i] }
		r := func(i int) float64 { return float64(i%5) - 2 }
		check("new program", id, r)
		prog.SetTraining(true)
		if err := prog.Exec(); err != nil {
			t.Fatal(err)
		}
		prog.SetTraining(false)
		check("back in evaluation", id, r)
		if c := prog.Counter(); c != 1 {
			t.Errorf("counter %d after one training run and two evaluation runs, want 1", c)
		}

		for _, p := range []float64{0, 1} {
			prog, y, dx, xs = dropoutProgram(t, dt, n, p, 1)
			prog.SetTraining(true)
			if p == 0 {
				check("p 0", id, r)
			} else {
				zero := func(int) float64 { return 0 }
				check("p 1", zero, zero)
			}
		}
	}
}

func TestDropoutErrors(t *testing.T) {
	for _, p := range []float64{-0.1, 1.5, math.NaN()} {
		g := graph.New()
		x := g.Input("x", tensor.Float64, 3)
		wantBuildError(t, g, ops.Dropout(x, p, 1), "Dropout", "outside [0, 1]")
	}
	g := graph.New()
	wantBuildError(t, g, ops.Dropout(g.Input("i", tensor.Int, 3), 0.5, 1), "Dropout", "dtype int")
	if !strings.Contains(ops.Dropout(graph.New().Input("x", tensor.Float64, 2), 0.25, 7).String(), "Dropout") {
		t.Error("node string does not name Dropout")
	}
}

// A training step through Dropout, forward and backward, allocates nothing,
// split across cores (1e5 elements) or not (100).
func TestDropoutRunsWithoutAllocating(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, n := range []int{100, 100000} {
			prog, _, _, _ := dropoutProgram(t, dt, n, 0.3, 5)
			prog.SetTraining(true)
			if a := testing.AllocsPerRun(10, func() { _ = prog.Exec() }); a != 0 {
				t.Errorf("%v n %d: Exec allocates %v times per run, want 0", dt, n, a)
			}
		}
	}
}

// With every rewrite (graph.Fast: shared buffers, Dropout writing over its
// dying operand) a training run gives the bits of the plain program.
func TestDropoutFastProgramMatchesPlain(t *testing.T) {
	g := graph.New()
	x := g.Input("x", tensor.Float64, 64, 50)
	w := g.Param("w", dense64([]int{50, 8}, make([]float64, 400)...))
	for i := range w.Value().Float64s() {
		w.Value().Float64s()[i] = math.Sin(float64(i))
	}
	h := ops.Dropout(ops.Tanh(ops.MatMul(x, w)), 0.4, 8)
	loss := ops.Sum(ops.Square(ops.Dropout(ops.Add(h, ops.Exp(h)), 0.2, 9)))
	dw := autodiff.MustGrad(loss, w)[0]
	xv := dense64([]int{64, 50}, make([]float64, 3200)...)
	for i := range xv.Float64s() {
		xv.Float64s()[i] = math.Cos(float64(i) / 7)
	}
	var got [2][]float64
	for k, o := range []graph.CompileOptions{{}, graph.Fast} {
		p, err := graph.CompileWith(o, loss, dw)
		if err != nil {
			t.Fatal(err)
		}
		p.SetTraining(true)
		p.SetCounter(4)
		if err := p.Run(graph.Feeds{x: xv}); err != nil {
			t.Fatal(err)
		}
		got[k] = append(tensorFloats(p.Value(loss)), tensorFloats(p.Value(dw))...)
	}
	for i := range got[0] {
		if got[0][i] != got[1][i] {
			t.Fatalf("value %d: plain %v, Fast %v", i, got[0][i], got[1][i])
		}
	}
}
