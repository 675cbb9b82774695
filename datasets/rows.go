package datasets

import (
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// rowLen returns the number of elements in one row (first-axis slice) of t.
func rowLen(t *tensor.Dense) int {
	w := 1
	for _, s := range t.Shape()[1:] {
		w *= s
	}
	return w
}

// gatherRows returns a new tensor holding rows idx of t (float64 or int); the
// caller has validated t and idx.
func gatherRows(t *tensor.Dense, idx []int) *tensor.Dense {
	w := rowLen(t)
	shape := append([]int{len(idx)}, t.Shape()[1:]...)
	switch t.Dtype() {
	case tensor.Int:
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(gather(t.Ints(), w, idx)))
	default:
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(gather(t.Float64s(), w, idx)))
	}
}

func gather[T any](src []T, w int, idx []int) []T {
	dst := make([]T, len(idx)*w)
	for k, i := range idx {
		copy(dst[k*w:(k+1)*w], src[i*w:(i+1)*w])
	}
	return dst
}

// Shuffle permutes the samples of d (rows of X, Y and Mask together; the three
// tensors are replaced by permuted copies) with a Fisher-Yates shuffle driven by
// rng, so the same generator state gives the same order bit for bit. It returns an error if rng is nil or the dataset is
// malformed.
func (d *Dataset) Shuffle(rng *rand.Rand) error {
	if rng == nil {
		return errors.New("datasets: Shuffle needs a non-nil *rand.Rand")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	perm := make([]int, d.Len())
	for i := range perm {
		perm[i] = i
	}
	shuffleInts(rng, perm)
	s, err := d.Subset(perm)
	if err != nil {
		return err
	}
	d.X, d.Y, d.Mask = s.X, s.Y, s.Mask
	return nil
}

// shuffleInts is a Fisher-Yates shuffle of p that allocates nothing.
func shuffleInts(rng *rand.Rand, p []int) {
	for i := len(p) - 1; i > 0; i-- {
		j := rng.IntN(i + 1)
		p[i], p[j] = p[j], p[i]
	}
}
