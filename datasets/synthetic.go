package datasets

import (
	"math"
	"math/rand/v2"

	"github.com/pkg/errors"
)

// truthTable builds the 4-row dataset of a two-input boolean function.
func truthTable(name string, f func(a, b bool) bool) *Dataset {
	x := []float64{0, 0, 0, 1, 1, 0, 1, 1}
	y := make([]int, 4)
	for i := range y {
		if f(x[2*i] == 1, x[2*i+1] == 1) {
			y[i] = 1
		}
	}
	return &Dataset{
		Name:        name,
		X:           seqF64Tensor(x, 4, 2),
		Y:           seqIntTensor(y),
		Classes:     []string{"0", "1"},
		SampleShape: []int{2},
	}
}

// AND returns the truth table of logical and: X float64 [4, 2] with rows
// (0,0), (0,1), (1,0), (1,1), Y int [4] = 0 0 0 1, Classes "0", "1".
func AND() *Dataset { return truthTable("and", func(a, b bool) bool { return a && b }) }

// OR returns the truth table of logical or: X as in AND, Y = 0 1 1 1.
func OR() *Dataset { return truthTable("or", func(a, b bool) bool { return a || b }) }

// XOR returns the truth table of exclusive or, the classic problem a single
// perceptron cannot solve: X as in AND, Y = 0 1 1 0.
func XOR() *Dataset { return truthTable("xor", func(a, b bool) bool { return a != b }) }

// checkNoise validates a noise standard deviation.
func checkNoise(noise float64) error {
	if math.IsNaN(noise) || math.IsInf(noise, 0) || noise < 0 {
		return errors.Errorf("datasets: noise %v must be finite and non-negative", noise)
	}
	return nil
}

// Spirals returns two interleaved spirals in the plane, n points each, as a
// 2-class problem: X float64 [2n, 2], Y int [2n]; row 2i is point i of spiral
// 0 and row 2i+1 the same point rotated by half a turn (spiral 1). Each
// spiral makes 1.5 turns with radius growing from 0 to 1; Gaussian noise of
// standard deviation noise is added to both coordinates. The same seed always
// gives bit-identical data. Spirals errors if n < 1 or noise is negative, NaN
// or infinite.
func Spirals(n int, noise float64, seed uint64) (*Dataset, error) {
	if n < 1 || n > maxCharElements/4 {
		return nil, errors.Errorf("datasets: Spirals needs 1 <= n <= %d, got %d", maxCharElements/4, n)
	}
	if err := checkNoise(noise); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	x := make([]float64, 0, 4*n)
	y := make([]int, 0, 2*n)
	for i := 0; i < n; i++ {
		r := float64(i+1) / float64(n)
		theta := 3 * math.Pi * r
		for c := 0; c < 2; c++ {
			a := theta + float64(c)*math.Pi
			x = append(x, r*math.Cos(a)+noise*rng.NormFloat64(), r*math.Sin(a)+noise*rng.NormFloat64())
			y = append(y, c)
		}
	}
	return &Dataset{
		Name:        "spirals",
		X:           seqF64Tensor(x, 2*n, 2),
		Y:           seqIntTensor(y),
		Classes:     []string{"0", "1"},
		SampleShape: []int{2},
	}, nil
}

// NoisySineStep is the phase increment between consecutive NoisySine samples
// (20 samples per period).
const NoisySineStep = 2 * math.Pi / 20

// NoisySine returns n sequences for a recurrent network: sequence i is
// sin(phase_i + t*NoisySineStep) + noise*N(0,1) for t = 0..length, with
// phase_i uniform in [0, 2*pi). X float64 [n, length] holds t = 0..length-1
// and Y float64 [n, 1] the next value (t = length, noise included). The same
// seed always gives bit-identical data. NoisySine errors if n or length is
// below 1 or noise is negative, NaN or infinite.
func NoisySine(n, length int, noise float64, seed uint64) (*Dataset, error) {
	if n < 1 || length < 1 {
		return nil, errors.Errorf("datasets: NoisySine needs n >= 1 and length >= 1, got %d and %d", n, length)
	}
	if err := checkNoise(noise); err != nil {
		return nil, err
	}
	if length > maxCharElements/n {
		return nil, errors.Errorf("datasets: NoisySine of %d x %d values is too large", n, length)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	x := make([]float64, 0, n*length)
	y := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		phase := 2 * math.Pi * rng.Float64()
		for t := 0; t <= length; t++ {
			v := math.Sin(phase+float64(t)*NoisySineStep) + noise*rng.NormFloat64()
			if t < length {
				x = append(x, v)
			} else {
				y = append(y, v)
			}
		}
	}
	return &Dataset{
		Name:        "noisysine",
		X:           seqF64Tensor(x, n, length),
		Y:           seqF64Tensor(y, n, 1),
		SampleShape: []int{length},
		Targets:     []string{"next"},
	}, nil
}
