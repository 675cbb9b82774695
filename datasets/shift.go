package datasets

import (
	"fmt"
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// MaxShift bounds the offset a Shifter draws: a shift is meant to be a few
// pixels of jitter, not a crop.
const MaxShift = 64

// Shifter moves images by small random whole-pixel offsets, the data
// augmentation that lets a convolutional network trained on a few thousand
// digits generalise: each image of a batch gets its own offset (dy, dx),
// each drawn uniformly from −max … max (NewShifter's), and
//
//	out[c, y, x] = in[c, clamp(y − dy), clamp(x − dx)]
//
// so the content moves by (dy, dx) and the pixels it uncovers repeat the
// nearest edge pixel (the background, for digits and face crops, whatever
// the normalisation). The offsets come from a PCG generator seeded with
// (seed, seed): the same seed and the same sequence of batches give the
// same shifts. Shifting allocates nothing after NewShifter.
type Shifter struct {
	c, h, w, max int
	rng          *rand.Rand
	tmp          []float64
}

// NewShifter returns a Shifter for images of shape [H, W] or [C, H, W]
// (Dataset.SampleShape) and offsets up to max pixels each way. It errors
// on another rank, a dimension below 1, or max outside 0 … MaxShift.
func NewShifter(shape []int, max int, seed uint64) (*Shifter, error) {
	if len(shape) == 2 {
		shape = []int{1, shape[0], shape[1]}
	}
	if len(shape) != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1 || shape[0] > 1<<16 || shape[1] > 1<<16 || shape[2] > 1<<16 {
		return nil, errors.Errorf("datasets: shift: sample shape %v, want images [H, W] or [C, H, W] (sides 1 to 65536)", shape)
	}
	if max < 0 || max > MaxShift {
		return nil, errors.Errorf("datasets: shift: %d pixels, want 0 to %d", max, MaxShift)
	}
	return &Shifter{c: shape[0], h: shape[1], w: shape[2], max: max,
		rng: rand.New(rand.NewPCG(seed, seed)), tmp: make([]float64, shape[1]*shape[2])}, nil
}

// Shift shifts every row of x, a float64 batch [B, C·H·W], in place, each
// by its own random offset. It errors, changing nothing, when x is not such
// a batch or s was not made by NewShifter.
func (s *Shifter) Shift(x *tensor.Dense) error {
	if s == nil || s.rng == nil {
		return errors.New("datasets: shift: a Shifter not made by NewShifter")
	}
	n := s.c * s.h * s.w
	if x == nil || x.Dtype() != tensor.Float64 || len(x.Shape()) != 2 || x.Shape()[1] != n {
		return errors.Errorf("datasets: shift: batch %v, want float64 [B, %d] (images %d×%d×%d)", describeTensor(x), n, s.c, s.h, s.w)
	}
	data := x.Float64s()
	for i := 0; i+n <= len(data); i += n {
		dy, dx := s.rng.IntN(2*s.max+1)-s.max, s.rng.IntN(2*s.max+1)-s.max
		for c := 0; c < s.c; c++ {
			s.shiftOne(data[i+c*s.h*s.w:i+(c+1)*s.h*s.w], dy, dx)
		}
	}
	return nil
}

// shiftOne moves the image img [H·W] by (dy, dx), repeating edge pixels.
func (s *Shifter) shiftOne(img []float64, dy, dx int) {
	if dy == 0 && dx == 0 {
		return
	}
	copy(s.tmp, img)
	for y := 0; y < s.h; y++ {
		src := s.tmp[clamp(y-dy, s.h)*s.w:]
		row := img[y*s.w : (y+1)*s.w]
		for x := range row {
			row[x] = src[clamp(x-dx, s.w)]
		}
	}
}

// clamp returns i limited to 0 … n−1.
func clamp(i, n int) int { return min(max(i, 0), n-1) }

// describeTensor prints a tensor's dtype and shape for messages.
func describeTensor(x *tensor.Dense) string {
	if x == nil {
		return "nil"
	}
	return fmt.Sprintf("%v %v", x.Dtype(), x.Shape())
}
