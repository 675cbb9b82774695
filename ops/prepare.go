package ops

import (
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/parallel"
)

// Prepared kernels (graph.Preparer): the backing slices are read once, when
// a program is compiled, and each run calls a closure over them. Scalar
// operands, as in the lecture's e(w), get closures of a single statement.
// Long loops are split across cores (internal/parallel) in parts of at
// least a grain of elements.

const (
	// grainLight is the smallest part worth handing to another core for
	// cheap kernels (an add, a ReLU: about 1 ns an element or less). At
	// 1<<15, W7's 31 gradient sums of 128×512 a step were split and the
	// step ran at 4.53/4.67 ms (min/median of 6) against 4.26/4.45 at
	// 1<<17; W1–W3 did not move (2026-12-02, docs/performance.md).
	grainLight = 1 << 17
	// grainHeavy is the same for transcendental kernels (exp, tanh,
	// sigmoid: 5–20 ns an element).
	grainHeavy = 1 << 12
)

// split returns run, or a function running body over [0, n) across cores
// when n is at least two grains.
func split(n, grain int, run func(), body func(lo, hi int)) func() {
	if n < 2*grain || parallel.Helpers() == 0 {
		return run
	}
	r := parallel.Func(body)
	return func() { parallel.For(n, grain, r) }
}

func (o *binary) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		return prepBinary(o.kind, o.plan, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		return prepBinary(o.kind, o.plan, f32(dst), f32(in[0]), f32(in[1]))
	}
	return nil
}

func prepBinary[T Float](k binKind, p *bcastPlan, d, a, b []T) func() {
	if len(d) == 1 && len(a) >= 1 && len(b) >= 1 {
		switch k {
		case kAdd:
			return func() { d[0] = a[0] + b[0] }
		case kSub:
			return func() { d[0] = a[0] - b[0] }
		case kMul:
			return func() { d[0] = a[0] * b[0] }
		case kDiv:
			return func() { d[0] = a[0] / b[0] }
		}
	}
	run := func() { binaryKernel(k, p, d, a, b) }
	if p.allFlat() {
		return split(len(d), grainLight, run, func(lo, hi int) { binaryRow(k, d[lo:hi], a[lo:hi], 1, b[lo:hi], 1) })
	}
	if len(d) <= 1 {
		return run
	}
	// A broadcast operand: the groups of rows that continue both operands,
	// found once here, are split, each element computed alone whatever the
	// split.
	starts := p.groups(len(d) / p.inner)
	ng := len(starts) - 1
	all := func() { binaryGroups(k, p, d, a, b, starts, 0, ng) }
	return split(ng, max(1, grainLight*ng/len(d)), all, func(lo, hi int) { binaryGroups(k, p, d, a, b, starts, lo, hi) })
}

func (o *unary) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	grain := grainLight
	if o.heavy {
		grain = grainHeavy
	}
	switch o.dk.of(dst) {
	case kindF64:
		return prepUnary(o.k64, f64(dst), f64(in[0]), grain)
	case kindF32:
		return prepUnary(o.k32, f32(dst), f32(in[0]), grain)
	}
	return nil
}

func prepUnary[T Float](k func(d, x []T), d, x []T, grain int) func() {
	return split(len(d), grain, func() { k(d, x) }, func(lo, hi int) { k(d[lo:hi], x[lo:hi]) })
}

func (o *pow) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		return prepPow(f64(dst), f64(in[0]), o.p)
	case kindF32:
		return prepPow(f32(dst), f32(in[0]), o.p)
	}
	return nil
}

func prepPow[T Float](d, x []T, p float64) func() {
	if len(d) == 1 && len(x) >= 1 {
		switch p {
		case 2:
			return func() { d[0] = x[0] * x[0] }
		case 3:
			return func() { d[0] = x[0] * x[0] * x[0] }
		case 4:
			return func() { v2 := x[0] * x[0]; d[0] = v2 * v2 }
		}
	}
	grain := grainHeavy
	if p == 2 || p == 3 || p == 4 {
		grain = grainLight
	}
	return split(len(d), grain, func() { powK(d, x, p) }, func(lo, hi int) { powK(d[lo:hi], x[lo:hi], p) })
}

func (o *actGrad) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		return prepActGrad(o.act, f64(dst), f64(in[0]), f64(in[1]))
	case kindF32:
		return prepActGrad(o.act, f32(dst), f32(in[0]), f32(in[1]))
	}
	return nil
}

func prepActGrad[T Float](act actKind, d, v, dy []T) func() {
	return split(len(d), grainLight, func() { actGradK(act, d, v, dy) },
		func(lo, hi int) { actGradK(act, d[lo:hi], v[lo:hi], dy[lo:hi]) })
}
