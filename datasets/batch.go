package datasets

import (
	"math/rand/v2"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Batches iterates over a dataset in minibatches, copying the rows of each
// batch into buffers it allocates once, so that iterating allocates nothing:
//
//	it, err := datasets.NewBatches(train, 32, rng, false)
//	for epoch := 0; epoch < epochs; epoch++ {
//		for it.Next() {
//			x, y := it.X(), it.OneHot() // valid until the next call to Next
//		}
//		it.Reset()
//	}
//
// The tensors returned by X, Y, Mask and OneHot are the same for every full
// batch (and another set, allocated once, for the final short batch), and are
// overwritten by Next; copy them to keep them.
type Batches struct {
	ds        *Dataset
	size, n   int
	rng       *rand.Rand
	dropLast  bool
	order     []int
	pos       int
	xw, yw    int // row widths of X and Y
	classes   int // number of classes, 0 for regression
	full, end *batchBufs
	cur       *batchBufs
}

// batchBufs are the buffers of batches of one size.
type batchBufs struct {
	size               int
	x, y, mask, onehot *tensor.Dense
	xb, yf, mb, oh     []float64
	yi                 []int
	onehotFresh        bool
}

// NewBatches returns an iterator over ds in batches of batchSize samples. If
// rng is not nil the sample order is shuffled with it now and at every Reset;
// if nil, batches follow the dataset order. With dropLast the final batch is
// skipped when it would be shorter than batchSize; otherwise it is delivered
// with its own, correctly sized buffers. The iterator reads ds's tensors at
// every step, so ds must not be reshaped while it is in use. It returns an
// error if ds is malformed or batchSize < 1.
func NewBatches(ds *Dataset, batchSize int, rng *rand.Rand, dropLast bool) (*Batches, error) {
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	if batchSize < 1 {
		return nil, errors.Errorf("datasets: %s: batch size %d must be at least 1", ds.Name, batchSize)
	}
	if ds.Y == nil {
		return nil, errors.Errorf("datasets: %s: unlabelled (Y is nil): batches need targets", ds.Name)
	}
	b := &Batches{ds: ds, size: batchSize, n: ds.Len(), rng: rng, dropLast: dropLast,
		xw: rowLen(ds.X), yw: rowLen(ds.Y), classes: ds.NumClasses()}
	b.order = make([]int, b.n)
	for i := range b.order {
		b.order[i] = i
	}
	if b.n >= batchSize {
		b.full = b.newBufs(batchSize)
	}
	if r := b.n % batchSize; r != 0 && !dropLast {
		b.end = b.newBufs(r)
	}
	b.Reset()
	return b, nil
}

// newBufs allocates the buffers for batches of size m.
func (b *Batches) newBufs(m int) *batchBufs {
	bb := &batchBufs{size: m, xb: make([]float64, m*b.xw)}
	bb.x = tensor.New(tensor.WithShape(m, b.xw), tensor.WithBacking(bb.xb))
	yshape := append([]int{m}, b.ds.Y.Shape()[1:]...)
	if b.classes > 0 {
		bb.yi = make([]int, m)
		bb.y = tensor.New(tensor.WithShape(m), tensor.WithBacking(bb.yi))
		bb.oh = make([]float64, m*b.classes)
		bb.onehot = tensor.New(tensor.WithShape(m, b.classes), tensor.WithBacking(bb.oh))
	} else {
		bb.yf = make([]float64, m*b.yw)
		bb.y = tensor.New(tensor.WithShape(yshape...), tensor.WithBacking(bb.yf))
	}
	if b.ds.Mask != nil {
		bb.mb = make([]float64, m*b.yw)
		bb.mask = tensor.New(tensor.WithShape(yshape...), tensor.WithBacking(bb.mb))
	}
	return bb
}

// Reset starts a new epoch: the next call to Next returns the first batch, and
// if the iterator has a generator the sample order is reshuffled.
func (b *Batches) Reset() {
	b.pos = 0
	b.cur = nil
	if b.rng != nil {
		shuffleInts(b.rng, b.order)
	}
}

// NumBatches returns the number of batches in one epoch.
func (b *Batches) NumBatches() int {
	nb := b.n / b.size
	if b.end != nil {
		nb++
	}
	return nb
}

// Next fills the buffers with the next batch and reports whether there was
// one; it returns false at the end of the epoch (call Reset to start another).
func (b *Batches) Next() bool {
	rest := b.n - b.pos
	switch {
	case rest >= b.size && b.full != nil:
		b.cur = b.full
	case rest > 0 && b.end != nil && rest == b.end.size:
		b.cur = b.end
	default:
		b.cur = nil
		return false
	}
	idx := b.order[b.pos : b.pos+b.cur.size]
	b.pos += b.cur.size
	xs := b.ds.X.Float64s()
	for k, i := range idx {
		copy(b.cur.xb[k*b.xw:(k+1)*b.xw], xs[i*b.xw:(i+1)*b.xw])
	}
	if b.cur.yi != nil {
		ys := b.ds.Y.Ints()
		for k, i := range idx {
			b.cur.yi[k] = ys[i]
		}
		b.cur.onehotFresh = false
	} else {
		copyRowsInto(b.cur.yf, b.ds.Y.Float64s(), b.yw, idx)
	}
	if b.cur.mb != nil {
		copyRowsInto(b.cur.mb, b.ds.Mask.Float64s(), b.yw, idx)
	}
	return true
}

// copyRowsInto copies rows idx (width w) of src into dst, one after another.
func copyRowsInto(dst, src []float64, w int, idx []int) {
	for k, i := range idx {
		copy(dst[k*w:(k+1)*w], src[i*w:(i+1)*w])
	}
}
