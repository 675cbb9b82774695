package datasets

import "gorgonia.org/tensor"

// X returns the features of the current batch, float64 [B, D], or nil before
// the first Next and after the last. The tensor is reused by later batches.
func (b *Batches) X() *tensor.Dense {
	if b.cur == nil {
		return nil
	}
	return b.cur.x
}

// Y returns the targets of the current batch (int [B] class indices, or the
// float64 regression targets [B, K]), or nil when there is no current batch.
// The tensor is reused by later batches.
func (b *Batches) Y() *tensor.Dense {
	if b.cur == nil {
		return nil
	}
	return b.cur.y
}

// Mask returns the target mask of the current batch, float64 with Y's shape,
// or nil when the dataset has no mask or there is no current batch. The tensor
// is reused by later batches.
func (b *Batches) Mask() *tensor.Dense {
	if b.cur == nil {
		return nil
	}
	return b.cur.mask
}

// OneHot returns the targets of the current batch as one-hot rows, float64
// [B, K] with K = NumClasses, computed on first use after each Next. It returns
// nil for a regression dataset or when there is no current batch. The tensor
// is reused by later batches.
func (b *Batches) OneHot() *tensor.Dense {
	c := b.cur
	if c == nil || c.onehot == nil {
		return nil
	}
	if !c.onehotFresh {
		clear(c.oh)
		for k, y := range c.yi {
			if y >= 0 && y < b.classes { // labels were checked by NewBatches
				c.oh[k*b.classes+y] = 1
			}
		}
		c.onehotFresh = true
	}
	return c.onehot
}

// Indices returns the dataset row indices of the current batch (nil when there
// is none). The slice belongs to the iterator and changes at Reset.
func (b *Batches) Indices() []int {
	if b.cur == nil {
		return nil
	}
	return b.order[b.pos-b.cur.size : b.pos]
}

// Size returns the number of samples in the current batch, 0 when there is
// none.
func (b *Batches) Size() int {
	if b.cur == nil {
		return 0
	}
	return b.cur.size
}
