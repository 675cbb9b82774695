package ops

import "gorgonia.org/tensor"

// Prepared kernels (graph.Preparer): the backing slices are read once, when
// a program is compiled, and each run calls a closure over them. Scalar
// operands, as in the lecture's e(w), get closures of a single statement.

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
	return func() { binaryKernel(k, p, d, a, b) }
}

func (o *unary) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		d, x, k := f64(dst), f64(in[0]), o.k64
		return func() { k(d, x) }
	case kindF32:
		d, x, k := f32(dst), f32(in[0]), o.k32
		return func() { k(d, x) }
	}
	return nil
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
	return func() { powK(d, x, p) }
}

func (o *actGrad) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch o.dk.of(dst) {
	case kindF64:
		d, v, dy, act := f64(dst), f64(in[0]), f64(in[1]), o.act
		return func() { actGradK(act, d, v, dy) }
	case kindF32:
		d, v, dy, act := f32(dst), f32(in[0]), f32(in[1]), o.act
		return func() { actGradK(act, d, v, dy) }
	}
	return nil
}
