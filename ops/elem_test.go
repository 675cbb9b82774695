package ops_test

import (
	"math"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// Log1p and Expm1 keep tiny arguments: ln(1 + 1e-17) and e^(1e-17) − 1 are
// 1e-17 to double precision (the next term is 5e-35), where Log(1 + x) and
// Exp(x) − 1 give 0.
func TestLog1pExpm1NearZero(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Const(elemTensor(dt, []int{3}, 1e-17, -1e-17, 1e-10))
		v := eval(t, nil, ops.Log1p(x), ops.Expm1(x))
		want := [][]float64{{1e-17, -1e-17, 1e-10 - 5e-21}, {1e-17, -1e-17, 1e-10 + 5e-21}}
		for k, name := range []string{"Log1p", "Expm1"} {
			for i, w := range want[k] {
				if dt == tensor.Float32 {
					w = float64(float32(w))
				}
				if math.Abs(v[k][i]-w) > 1e-30+1e-15*math.Abs(w) {
					t.Errorf("%v %s(x)[%d] = %.17g, want %.17g", dt, name, i, v[k][i], w)
				}
			}
		}
	}
}

func elemTensor(dt tensor.Dtype, shape []int, v ...float64) *tensor.Dense {
	if dt == tensor.Float32 {
		s := make([]float32, len(v))
		for i, x := range v {
			s[i] = float32(x)
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(s))
	}
	return dense64(shape, v...)
}

// StopGradient passes values through and no gradient back: for
// y = Σ a·stop(a²), ∂y/∂a is stop(a²) = a², not 3a².
func TestStopGradient(t *testing.T) {
	g := graph.New()
	a := g.Param("a", dense64([]int{3}, 1, -2, 3))
	s := ops.StopGradient(ops.Square(a))
	y := ops.Sum(ops.Mul(a, s))
	da := autodiff.MustGrad(y, a)[0]
	v := eval(t, nil, s, y, da)
	near(t, "stop(a²)", v[0], []float64{1, 4, 9}, 0)
	near(t, "y", v[1], []float64{1 - 8 + 27}, 0)
	near(t, "∂y/∂a", v[2], []float64{1, 4, 9}, 0)
	// Nothing but the stopped path: a constant zero gradient.
	dz := autodiff.MustGrad(ops.Sum(s), a)[0]
	near(t, "∂Σstop(a²)/∂a", eval(t, nil, dz)[0], []float64{0, 0, 0}, 0)
}

// On ties Maximum and Minimum give the whole gradient to their first
// operand; elsewhere to the operand chosen. Values by hand.
func TestMinMaxTies(t *testing.T) {
	g := graph.New()
	a := g.Param("a", dense64([]int{4}, 1, 2, 3, 4))
	b := g.Param("b", dense64([]int{4}, 1, 5, 3, 0))
	w := g.Const(dense64([]int{4}, 10, 20, 30, 40))
	mx, mn := ops.Maximum(a, b), ops.Minimum(a, b)
	dmx := autodiff.MustGrad(ops.Sum(ops.Mul(mx, w)), a, b)
	dmn := autodiff.MustGrad(ops.Sum(ops.Mul(mn, w)), a, b)
	v := eval(t, nil, mx, mn, dmx[0], dmx[1], dmn[0], dmn[1])
	near(t, "Maximum", v[0], []float64{1, 5, 3, 4}, 0)
	near(t, "Minimum", v[1], []float64{1, 2, 3, 0}, 0)
	near(t, "∂max/∂a", v[2], []float64{10, 0, 30, 40}, 0)
	near(t, "∂max/∂b", v[3], []float64{0, 20, 0, 0}, 0)
	near(t, "∂min/∂a", v[4], []float64{10, 20, 30, 0}, 0)
	near(t, "∂min/∂b", v[5], []float64{0, 0, 0, 40}, 0)
}

// Derivatives at the kinks, as PyTorch takes them: |x|' = 0, clamp passes
// at its bounds, LeakyReLU and ELU take alpha at 0. Values by hand.
func TestKinks(t *testing.T) {
	g := graph.New()
	x := g.Param("x", dense64([]int{5}, -1, 0, 0.5, 1, 2))
	var outs []*graph.Node
	for _, f := range []func(*graph.Node) *graph.Node{
		ops.Abs,
		func(x *graph.Node) *graph.Node { return ops.Clamp(x, 0, 1) },
		func(x *graph.Node) *graph.Node { return ops.LeakyReLU(x, 0.25) },
		func(x *graph.Node) *graph.Node { return ops.ELU(x, 0.5) },
	} {
		y := f(x)
		outs = append(outs, y, autodiff.MustGrad(ops.Sum(y), x)[0])
	}
	v := eval(t, nil, outs...)
	e := 0.5 * (math.Exp(-1) - 1)
	near(t, "Abs", v[0], []float64{1, 0, 0.5, 1, 2}, 0)
	near(t, "Abs'", v[1], []float64{-1, 0, 1, 1, 1}, 0)
	near(t, "Clamp", v[2], []float64{0, 0, 0.5, 1, 1}, 0)
	near(t, "Clamp'", v[3], []float64{0, 1, 1, 1, 0}, 0)
	near(t, "LeakyReLU", v[4], []float64{-0.25, 0, 0.5, 1, 2}, 0)
	near(t, "LeakyReLU'", v[5], []float64{0.25, 0.25, 1, 1, 1}, 0)
	near(t, "ELU", v[6], []float64{e, 0, 0.5, 1, 2}, 1e-16)
	near(t, "ELU'", v[7], []float64{0.5 * math.Exp(-1), 0.5, 1, 1, 1}, 1e-16)
}

// Bad operands give bad nodes with errors naming the op and the caller,
// never panics.
func TestElemErrors(t *testing.T) {
	g := graph.New()
	wantBuildError(t, g, ops.Clamp(g.Input("x", tensor.Float64, 2, 3), 2, 1), "Clamp", "[2, 1]")
	for name, f := range map[string]func(*graph.Node) *graph.Node{
		"Abs": ops.Abs, "Log1p": ops.Log1p, "Expm1": ops.Expm1, "GELU": ops.GELU, "GELUTanh": ops.GELUTanh,
		"SiLU": ops.SiLU, "Erf": ops.Erf, "StopGradient": ops.StopGradient,
		"LeakyReLU": func(x *graph.Node) *graph.Node { return ops.LeakyReLU(x, 0.1) },
		"ELU":       func(x *graph.Node) *graph.Node { return ops.ELU(x, 1) },
		"Clamp":     func(x *graph.Node) *graph.Node { return ops.Clamp(x, 0, 1) },
	} {
		g := graph.New()
		wantBuildError(t, g, f(g.Input("i", tensor.Int, 2)), name, "dtype int")
		if n := f(nil); !n.Bad() {
			t.Errorf("%s(nil) is not bad", name)
		}
	}
	g = graph.New()
	wantBuildError(t, g, ops.Maximum(g.Input("x", tensor.Float64, 2, 3), g.Input("y", tensor.Float64, 4)), "Maximum", "(2, 3)", "(4)")
	g = graph.New()
	wantBuildError(t, g, ops.Minimum(g.Input("a", tensor.Float64, 2), g.Input("b", tensor.Int, 2)), "Minimum", "dtype")
}

// The elementwise ops run forward and backward without allocating once
// compiled, in both dtypes.
func TestElemOpsRunWithoutAllocating(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		x := g.Input("x", dt, 4, 8)
		w := g.Param("w", tensor.New(tensor.WithShape(8), tensor.Of(dt)))
		h := ops.Add(x, w)
		terms := []*graph.Node{
			ops.Abs(h), ops.Clamp(h, -0.5, 0.5), ops.Log1p(ops.Square(h)), ops.Expm1(h),
			ops.LeakyReLU(h, 0.01), ops.ELU(h, 1), ops.GELU(h), ops.GELUTanh(h), ops.SiLU(h), ops.Erf(h),
			ops.Maximum(h, w), ops.Minimum(w, h), ops.Mul(h, ops.StopGradient(h)),
		}
		loss := ops.Sum(terms[0])
		for _, t := range terms[1:] {
			loss = ops.Add(loss, ops.Sum(t))
		}
		dw := autodiff.MustGrad(loss, w)[0]
		p := graph.MustCompile(loss, dw)
		if err := p.Run(graph.Feeds{x: tensor.New(tensor.WithShape(4, 8), tensor.Of(dt))}); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
			t.Errorf("%v: Exec allocates %v times per run, want 0", dt, n)
		}
	}
}

// BenchmarkElemForward runs each new elementwise op forward over the sum of
// two [256, 1024] inputs spread over [-3, 3] (the Add is timed alone
// first), reporting ns per element.
func BenchmarkElemForward(b *testing.B) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, c := range []struct {
			name string
			f    func(x, y *graph.Node) *graph.Node
		}{
			{"Add (for reference)", ops.Add},
			{"ReLU (for reference)", func(x, y *graph.Node) *graph.Node { return ops.ReLU(ops.Add(x, y)) }},
			{"Abs", func(x, y *graph.Node) *graph.Node { return ops.Abs(ops.Add(x, y)) }},
			{"Maximum", ops.Maximum},
			{"LeakyReLU", func(x, y *graph.Node) *graph.Node { return ops.LeakyReLU(ops.Add(x, y), 0.01) }},
			{"ELU", func(x, y *graph.Node) *graph.Node { return ops.ELU(ops.Add(x, y), 1) }},
			{"GELU", func(x, y *graph.Node) *graph.Node { return ops.GELU(ops.Add(x, y)) }},
			{"GELUTanh", func(x, y *graph.Node) *graph.Node { return ops.GELUTanh(ops.Add(x, y)) }},
			{"SiLU", func(x, y *graph.Node) *graph.Node { return ops.SiLU(ops.Add(x, y)) }},
		} {
			b.Run(dt.String()+"/"+c.name, func(b *testing.B) {
				g := graph.New(graph.WithDtype(dt))
				x, y := g.Input("x", dt, 256, 1024), g.Input("y", dt, 256, 1024)
				out := c.f(x, y)
				p := graph.MustCompile(out)
				v := make([]float64, 256*1024)
				for i := range v {
					v[i] = float64((i*7919)%6001)/1000 - 3 // spread over [-3, 3]
				}
				feeds := graph.Feeds{x: elemTensor(dt, []int{256, 1024}, v...), y: elemTensor(dt, []int{256, 1024}, v...)}
				if err := p.Run(feeds); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					_ = p.Exec()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(256*1024), "ns/elem")
			})
		}
	}
}

// NaN passes through Abs, Clamp, Maximum and Minimum in either operand,
// and signed zeros come out as documented, in both dtypes.
func TestElemSpecials(t *testing.T) {
	nan := math.NaN()
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		a := g.Const(elemTensor(dt, []int{4}, nan, 1, math.Copysign(0, -1), -3))
		b := g.Const(elemTensor(dt, []int{4}, 1, nan, 0, -2))
		v := eval(t, nil, ops.Abs(a), ops.Clamp(a, -1, 1), ops.Maximum(a, b), ops.Minimum(a, b), ops.LeakyReLU(a, 0.5))
		for _, c := range []struct {
			name string
			got  []float64
			want []float64
		}{
			{"Abs", v[0], []float64{nan, 1, 0, 3}},
			{"Clamp", v[1], []float64{nan, 1, math.Copysign(0, -1), -1}},
			{"Maximum", v[2], []float64{nan, nan, 0, -2}},
			{"Minimum", v[3], []float64{nan, nan, math.Copysign(0, -1), -3}},
			{"LeakyReLU", v[4], []float64{nan, 1, math.Copysign(0, -1), -1.5}},
		} {
			for i, w := range c.want {
				g := c.got[i]
				if math.IsNaN(w) != math.IsNaN(g) || !math.IsNaN(w) && (g != w || math.Signbit(g) != math.Signbit(w)) {
					t.Errorf("%v %s[%d] = %v, want %v", dt, c.name, i, g, w)
				}
			}
		}
	}
}
