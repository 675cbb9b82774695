package ops

import (
	"fmt"
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Dropout zeroes each element of x with probability p and scales the others
// by 1/(1−p) (inverted dropout, so the expected value of every element is
// unchanged), when the program runs in training mode; in evaluation mode, a
// program's default (graph.Program.SetTraining), it returns x unchanged.
//
// Whether element i is kept is a pure function of (seed, the program's run
// counter, i), a counter-based draw: the same seed gives the same masks
// whatever the number of cores and however the work is split, each training
// run draws a new mask, and graph.Program.SetCounter replays one. The
// gradient is dy times the same mask and scale, computed by the same op in
// the same run, so compute a gradient in the program that computes the loss.
// Give each Dropout of a model its own seed: two with the same seed over
// tensors of the same shape drop the same elements. A dropped element is 0
// even where x is NaN or infinite; p = 1 drops every element.
//
// p outside [0, 1] (or NaN) or a non-float x gives a bad node.
func Dropout(x *graph.Node, p float64, seed uint64) *graph.Node {
	return graph.Apply(&dropout{p: p, seed: seed}, x)
}

type dropout struct {
	p    float64
	seed uint64
}

func (o *dropout) Name() string { return "Dropout" }
func (o *dropout) String() string {
	return fmt.Sprintf("Dropout(p %s, seed %d)", formatFloat(o.p), o.seed)
}

func (o *dropout) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	if !(o.p >= 0 && o.p <= 1) {
		return nil, dt, errors.Errorf("drop probability %s is outside [0, 1]", formatFloat(o.p))
	}
	return in[0].Shape().Clone(), dt, nil
}

// Forward computes the evaluation-mode result, x itself (see graph.ModeOp).
func (o *dropout) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64, tensor.Float32:
		copy(dst.Raw, in[0].Raw)
		return nil
	}
	return errDtype("Dropout", dst.Dtype())
}

// The adjoint is dy through the same mask and scale: the same op over dy,
// which has x's shape, draws the same mask in the same run. Being linear,
// it differentiates to itself again.
func (o *dropout) VJP(_, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Apply(o, dy)}, nil
}

// InPlace: each element is read before it is written.
func (o *dropout) InPlace(int) bool { return true }

// PrepareMode binds the kernel to the buffers (graph.ModeOp).
func (o *dropout) PrepareMode(dst *tensor.Dense, in []*tensor.Dense) func(graph.Mode) error {
	switch dst.Dtype() {
	case tensor.Float64:
		return prepDropout(o, f64(dst), f64(in[0]))
	case tensor.Float32:
		return prepDropout(o, f32(dst), f32(in[0]))
	}
	return func(graph.Mode) error { return errDtype("Dropout", dst.Dtype()) }
}

func prepDropout[T Float](o *dropout, d, x []T) func(graph.Mode) error {
	thr, scale := dropThreshold(o.p), T(1/(1-o.p))
	if o.p == 1 {
		scale = 0
	}
	var key uint64 // set before each training run, read by the parts
	body := func(lo, hi int) { dropK(d[lo:hi], x[lo:hi], lo, key, thr, scale) }
	run := split(len(d), grainHeavy, func() { body(0, len(d)) }, body)
	return func(m graph.Mode) error {
		if !m.Training || thr == 0 {
			copy(d, x)
			return nil
		}
		key = dropKey(o.seed, m.Counter)
		run()
		return nil
	}
}

// dropK writes elements first … first+len(d)−1 of the result: x times
// scale where the element is kept, 0 where it is dropped. It picks without
// a branch: a kept-or-dropped branch is mispredicted half the time at
// p = 0.5, which made the loop 17 times slower (24 ns an element, not 1.4).
func dropK[T Float](d, x []T, first int, key, thr uint64, scale T) {
	x = x[:len(d)]
	for j := range d {
		// The draw minus thr wraps to a number with the top bit set exactly
		// when the draw is below thr, as both are below 2⁵³.
		drop := (dropDraw(key, uint64(first+j)) - thr) >> 63
		sel := [2]T{x[j] * scale, 0}
		d[j] = sel[drop]
	}
}

// The draws: element i of a run is dropped when the top 53 bits of
// splitMix64(key + γ·(i+1)) fall below p·2⁵³, so with probability p (exactly,
// when p·2⁵³ is whole). That is output i of SplitMix64 (Steele, Lea and
// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
// java.util.SplittableRandom) seeded with the run's key, which passes
// BigCrush; the key mixes the op's seed with the run counter through the
// same bijective finaliser, so every (seed, run) has its own stream.
const splitMixGamma = 0x9e3779b97f4a7c15 // γ, SplitMix64's increment

// splitMix64 is SplitMix64's output function (a bijection of uint64).
func splitMix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// dropKey is the key of run counter of the op seeded with seed.
func dropKey(seed, counter uint64) uint64 {
	return splitMix64(splitMix64(seed+splitMixGamma) ^ counter)
}

// dropThreshold is p·2⁵³, rounded down: the draws below it are dropped.
func dropThreshold(p float64) uint64 { return uint64(math.Ldexp(p, 53)) }

// dropDraw is element i's draw in the run keyed by key, in [0, 2⁵³).
func dropDraw(key, i uint64) uint64 { return splitMix64(key+splitMixGamma*(i+1)) >> 11 }
