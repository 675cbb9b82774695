package solvers

import (
	"math"
	"unsafe"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/backing"
)

// Solver updates parameters in place from their gradients.
type Solver interface {
	// Step sets params[i] ← update(params[i], grads[i]) for every i. The slices must
	// keep the same order and shapes from call to call (state such as momentum is kept
	// per index). Errors: length mismatch, shape or dtype mismatch (name the index and both shapes), unsupported dtype.
	Step(params, grads []*tensor.Dense) error
}

// state is what every solver keeps between steps: the step counter, the
// shapes and dtypes seen on the first call, and nbuf state buffers per index
// (f64[i*nbuf+j] for a float64 parameter i, f32[i*nbuf+j] for a float32 one).
type state struct {
	steps  int
	shapes []tensor.Shape
	dtypes []tensor.Dtype
	f64    [][]float64
	f32    [][]float32
	seen   []seen // params then grads of the last validated call
}

// seen is a tensor that passed validation, with what validation looked at:
// a later call with the same tensors, backing arrays and dtypes needs no
// new check (the updates are elementwise over the backing arrays, so a
// reshape in between changes nothing they touch). This keeps a training
// step on a scalar, as in the lecture's e(w), from spending most of its
// time validating.
type seen struct {
	t    *tensor.Dense
	data unsafe.Pointer
	n    int
	dt   tensor.Dtype
}

// prep is the outcome of begin: the learning rate and the gradient transform
// of one step, in float64.
type prep struct {
	lr, clip, scale, wd float64
}

// hyperOf converts p to the precision T.
func hyperOf[T float32 | float64](p prep) hyper[T] {
	return hyper[T]{lr: T(p.lr), clip: T(p.clip), scale: T(p.scale), wd: T(p.wd)}
}

// begin validates o, params and grads against s, creates s's nbuf buffers per
// index (filled with init) on the first call, and returns the step's learning
// rate and gradient transform. It changes nothing else and allocates only on
// the first call or on error.
func (s *state) begin(o *Options, nbuf int, init float64, params, grads []*tensor.Dense) (prep, error) {
	lr, err := o.rate(s.steps)
	if err != nil {
		return prep{}, err
	}
	if s.shapes == nil || !s.unchanged(params, grads) {
		if err := check(params, grads); err != nil {
			return prep{}, err
		}
		if s.shapes == nil {
			s.create(nbuf, init, params)
		} else if err := s.same(params); err != nil {
			return prep{}, err
		}
		s.remember(params, grads)
	}
	p := prep{lr: lr, clip: o.ClipValue, scale: 1, wd: o.WeightDecay}
	if o.ClipNorm > 0 {
		if n := norm(grads, o.ClipValue); n > o.ClipNorm {
			p.scale = o.ClipNorm / n
		}
	}
	return p, nil
}

// check validates params and grads against each other.
func check(params, grads []*tensor.Dense) error {
	if len(params) != len(grads) {
		return errors.Errorf("solvers: %d params but %d grads", len(params), len(grads))
	}
	for i, w := range params {
		g := grads[i]
		if w == nil || g == nil {
			return errors.Errorf("solvers: nil tensor at index %d", i)
		}
		if dt := w.Dtype(); dt != tensor.Float64 && dt != tensor.Float32 {
			return errors.Errorf("solvers: unsupported dtype %v at index %d; want float64 or float32", dt, i)
		}
		if !w.Shape().Eq(g.Shape()) {
			return errors.Errorf("solvers: shape mismatch at index %d: param %v, grad %v", i, w.Shape(), g.Shape())
		}
		if w.Dtype() != g.Dtype() {
			return errors.Errorf("solvers: dtype mismatch at index %d: param %v, grad %v (shapes %v, %v)",
				i, w.Dtype(), g.Dtype(), w.Shape(), g.Shape())
		}
		if err := backing.Check(w); err != nil {
			return errors.Errorf("solvers: param at index %d %v", i, err)
		}
		if err := backing.Check(g); err != nil {
			return errors.Errorf("solvers: grad at index %d %v", i, err)
		}
	}
	return nil
}

// unchanged reports whether params and grads are the tensors of the last
// validated call, with the same backing arrays and dtypes.
func (s *state) unchanged(params, grads []*tensor.Dense) bool {
	if len(params)+len(grads) != len(s.seen) || len(params) != len(grads) {
		return false
	}
	for i, t := range params {
		if !s.seen[i].is(t) || !s.seen[len(params)+i].is(grads[i]) {
			return false
		}
	}
	return true
}

func (v *seen) is(t *tensor.Dense) bool {
	return t == v.t && t != nil && unsafe.Pointer(unsafe.SliceData(t.Raw)) == v.data && len(t.Raw) == v.n && t.Dtype() == v.dt
}

// remember records params and grads as validated.
func (s *state) remember(params, grads []*tensor.Dense) {
	s.seen = s.seen[:0]
	for _, t := range append(params[:len(params):len(params)], grads...) {
		s.seen = append(s.seen, seen{t: t, data: unsafe.Pointer(unsafe.SliceData(t.Raw)), n: len(t.Raw), dt: t.Dtype()})
	}
}

// f64 and f32 return a tensor's backing slice (see internal/backing).
func f64(t *tensor.Dense) []float64 { return backing.F64(t.Raw) }

func f32(t *tensor.Dense) []float32 { return backing.F32(t.Raw) }

// same reports an error when params differ in number, shape or dtype from
// those of the first call.
func (s *state) same(params []*tensor.Dense) error {
	if len(params) != len(s.shapes) {
		return errors.Errorf("solvers: %d params; the first Step had %d", len(params), len(s.shapes))
	}
	for i, w := range params {
		if !w.Shape().Eq(s.shapes[i]) || w.Dtype() != s.dtypes[i] {
			return errors.Errorf("solvers: param %d is %v %v; the first Step had %v %v",
				i, w.Dtype(), w.Shape(), s.dtypes[i], s.shapes[i])
		}
	}
	return nil
}

// create records the shapes and dtypes of params and makes nbuf buffers per
// index, each filled with init.
func (s *state) create(nbuf int, init float64, params []*tensor.Dense) {
	s.shapes = make([]tensor.Shape, len(params))
	s.dtypes = make([]tensor.Dtype, len(params))
	s.f64 = make([][]float64, nbuf*len(params))
	s.f32 = make([][]float32, nbuf*len(params))
	for i, w := range params {
		s.shapes[i] = w.Shape().Clone()
		s.dtypes[i] = w.Dtype()
		n := w.Shape().TotalSize()
		for j := range nbuf {
			if w.Dtype() == tensor.Float64 {
				s.f64[i*nbuf+j] = fill(make([]float64, n), float64(init))
			} else {
				s.f32[i*nbuf+j] = fill(make([]float32, n), float32(init))
			}
		}
	}
}

// fill sets every element of x to v and returns x.
func fill[T float32 | float64](x []T, v T) []T {
	for i := range x {
		x[i] = v
	}
	return x
}

// norm returns the L2 norm of all gradients, each element first clamped to
// [−clip, clip] when clip > 0, accumulated in float64.
func norm(grads []*tensor.Dense, clip float64) float64 {
	var ss float64
	for _, g := range grads {
		if g.Dtype() == tensor.Float64 {
			ss += sumSq(f64(g), clip)
		} else {
			ss += sumSq(f32(g), clip)
		}
	}
	return math.Sqrt(ss)
}

// sumSq returns Σ min(|g|, clip)² (Σ g² when clip is 0) in float64.
func sumSq[T float32 | float64](g []T, clip float64) float64 {
	var ss float64
	for _, x := range g {
		v := float64(x)
		if clip > 0 {
			v = max(-clip, min(clip, v))
		}
		ss += v * v
	}
	return ss
}
