package layers

import (
	"math"
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Init makes the initial value of a param or state tensor of dtype dt and
// shape dims, drawing what it needs from r. Every Init of a model draws from
// the model's one generator (see NewStore), in the order the layers create
// their tensors, so the same seed gives the same weights.
type Init func(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error)

// NewRNG returns the generator a Store draws from: math/rand/v2's PCG seeded
// with (seed, seed), as nets.NewRNG, so a layer built with the same
// initialisers in the same order as a nets network gets the same weights.
func NewRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// Fans returns the fan-in and fan-out of a weight of shape dims: for a matrix
// [in, out] (Linear's W, as in nets) in and out; for rank 3 and more
// [out, in, k...] (PyTorch's convolution layout) in·Πk and out·Πk; for a vector
// [n] n and n; for a scalar 1 and 1.
func Fans(dims ...int) (fanIn, fanOut int) {
	switch len(dims) {
	case 0:
		return 1, 1
	case 1:
		return dims[0], dims[0]
	case 2:
		return dims[0], dims[1]
	}
	rec := 1
	for _, d := range dims[2:] {
		rec *= d
	}
	return dims[1] * rec, dims[0] * rec
}

// Glorot draws from Glorot and Bengio's (Xavier) uniform distribution
// U(−a, a), a = √(6/(fanIn+fanOut)) with the fans of Fans: suited to sigmoid
// and tanh layers. For a matrix it draws exactly what nets.Glorot draws.
func Glorot(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
	in, out := Fans(dims...)
	a := math.Sqrt(6 / float64(max(1, in+out)))
	return fill(r, dt, dims, func() float64 { return -a + 2*a*r.Float64() })
}

// He draws from He et al.'s normal distribution N(0, 2/fanIn): suited to ReLU
// layers. For a matrix it draws exactly what nets.He draws.
func He(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
	in, _ := Fans(dims...)
	std := math.Sqrt(2 / float64(max(1, in)))
	return fill(r, dt, dims, func() float64 { return std * r.NormFloat64() })
}

// Zeros fills with 0 and draws nothing.
func Zeros(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
	return fill(nil, dt, dims, func() float64 { return 0 })
}

// Ones fills with 1 and draws nothing.
func Ones(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
	return fill(nil, dt, dims, func() float64 { return 1 })
}

// Constant returns an Init that fills with v and draws nothing.
func Constant(v float64) Init {
	return func(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
		return fill(nil, dt, dims, func() float64 { return v })
	}
}

// Normal returns an Init drawing from N(0, std²). A negative or NaN std
// makes the Init fail.
func Normal(std float64) Init {
	return func(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
		if !(std >= 0) {
			return nil, errors.Errorf("layers: Normal: standard deviation %v must be non-negative", std)
		}
		return fill(r, dt, dims, func() float64 { return std * r.NormFloat64() })
	}
}

// Uniform returns an Init drawing from U(−a, a). A negative or NaN a makes
// the Init fail.
func Uniform(a float64) Init {
	return func(r *rand.Rand, dt tensor.Dtype, dims ...int) (*tensor.Dense, error) {
		if !(a >= 0) {
			return nil, errors.Errorf("layers: Uniform: bound %v must be non-negative", a)
		}
		return fill(r, dt, dims, func() float64 { return -a + 2*a*r.Float64() })
	}
}

// InitByName returns the Init a layer's hyperparameter names: "glorot" (also
// ""), "he", "zeros", "ones". Layers name their initialiser by a string so
// that it is saved with the other hyperparameters.
func InitByName(name string) (Init, error) {
	switch name {
	case "", "glorot":
		return Glorot, nil
	case "he":
		return He, nil
	case "zeros":
		return Zeros, nil
	case "ones":
		return Ones, nil
	}
	return nil, errors.Errorf("layers: unknown initialiser %q, want glorot, he, zeros or ones", name)
}

// fill makes a tensor of dtype dt and shape dims with elements from draw. It
// needs r only when draw uses it.
func fill(r *rand.Rand, dt tensor.Dtype, dims []int, draw func() float64) (*tensor.Dense, error) {
	for i, d := range dims {
		if d < 1 {
			return nil, errors.Errorf("layers: dimension %d of shape %v is %d, want >= 1", i, dims, d)
		}
	}
	if dt != tensor.Float64 && dt != tensor.Float32 {
		return nil, errors.Errorf("layers: dtype %v, want float64 or float32", dt)
	}
	t := tensor.New(tensor.WithShape(dims...), tensor.Of(dt))
	if dt == tensor.Float64 {
		s := t.Float64s()
		for i := range s {
			s[i] = draw()
		}
		return t, nil
	}
	s := t.Float32s()
	for i := range s {
		s[i] = float32(draw())
	}
	return t, nil
}
