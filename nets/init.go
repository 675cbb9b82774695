package nets

import (
	"math"
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// NewRNG returns the generator every initialiser of the package draws from:
// math/rand/v2's PCG seeded with (seed, seed). The same seed always gives the
// same stream, so the same weights.
func NewRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// Uniform returns a tensor of dtype dt (float64 or float32) and the given
// shape with elements drawn uniformly from [lo, hi). It errors on another
// dtype, a dimension below 1, a shape too large for memory (see
// graph.CheckSize), a nil generator or lo > hi.
func Uniform(rng *rand.Rand, dt tensor.Dtype, lo, hi float64, shape ...int) (*tensor.Dense, error) {
	if rng == nil {
		return nil, errors.New("nets: Uniform: nil generator")
	}
	if !(lo <= hi) {
		return nil, errors.Errorf("nets: Uniform: empty range [%v, %v)", lo, hi)
	}
	return fill(rng, dt, shape, func() float64 { return lo + (hi-lo)*rng.Float64() })
}

// Normal returns a tensor of dtype dt and the given shape with elements drawn
// from N(mean, std²). It errors like Uniform, and when std is negative.
func Normal(rng *rand.Rand, dt tensor.Dtype, mean, std float64, shape ...int) (*tensor.Dense, error) {
	if rng == nil {
		return nil, errors.New("nets: Normal: nil generator")
	}
	if !(std >= 0) {
		return nil, errors.Errorf("nets: Normal: standard deviation %v must be non-negative", std)
	}
	return fill(rng, dt, shape, func() float64 { return mean + std*rng.NormFloat64() })
}

// Glorot returns a weight matrix [fanIn, fanOut] drawn from Glorot and
// Bengio's (Xavier) uniform distribution U(−a, a), a = √(6/(fanIn+fanOut)),
// suited to sigmoid and tanh layers. It errors like Uniform.
func Glorot(rng *rand.Rand, dt tensor.Dtype, fanIn, fanOut int) (*tensor.Dense, error) {
	a := math.Sqrt(6 / float64(max(1, fanIn+fanOut)))
	return Uniform(rng, dt, -a, a, fanIn, fanOut)
}

// He returns a weight matrix [fanIn, fanOut] drawn from He et al.'s normal
// distribution N(0, 2/fanIn), suited to ReLU layers. It errors like Uniform.
func He(rng *rand.Rand, dt tensor.Dtype, fanIn, fanOut int) (*tensor.Dense, error) {
	return Normal(rng, dt, 0, math.Sqrt(2/float64(max(1, fanIn))), fanIn, fanOut)
}

// Zeros returns a tensor of dtype dt (float64 or float32) and the given
// shape filled with zeros. It errors like Uniform.
func Zeros(dt tensor.Dtype, shape ...int) (*tensor.Dense, error) {
	return fill(nil, dt, shape, func() float64 { return 0 })
}

func fill(rng *rand.Rand, dt tensor.Dtype, shape []int, draw func() float64) (*tensor.Dense, error) {
	for i, d := range shape {
		if d < 1 {
			return nil, errors.Errorf("nets: dimension %d of shape %v is %d, want >= 1", i, shape, d)
		}
	}
	if dt != tensor.Float64 && dt != tensor.Float32 {
		return nil, errors.Errorf("nets: dtype %v, want float64 or float32", dt)
	}
	if err := graph.CheckSize("nets", shape, dt); err != nil {
		return nil, err
	}
	t := tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
	switch dt {
	case tensor.Float64:
		s := t.Float64s()
		for i := range s {
			s[i] = draw()
		}
	case tensor.Float32:
		s := t.Float32s()
		for i := range s {
			s[i] = float32(draw())
		}
	default:
		return nil, errors.Errorf("nets: dtype %v, want float64 or float32", dt)
	}
	return t, nil
}
