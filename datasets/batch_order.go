package datasets

import "github.com/pkg/errors"

// NewBatchesInOrder returns an iterator over the rows order of ds (row
// indices, each in 0…Len−1, repeats allowed), in that order at every epoch,
// in batches of batchSize; a final batch shorter than batchSize is
// skipped. A stateful recurrent network reads its streams this way
// (StreamOrder). It errors as NewBatches does, on an empty order, and on an
// index outside ds.
func NewBatchesInOrder(ds *Dataset, batchSize int, order []int) (*Batches, error) {
	b, err := NewBatches(ds, batchSize, nil, true)
	if err != nil {
		return nil, err
	}
	if len(order) < batchSize {
		return nil, errors.Errorf("datasets: %s: an order of %d rows holds no batch of %d", ds.Name, len(order), batchSize)
	}
	for i, r := range order {
		if r < 0 || r >= b.n {
			return nil, errors.Errorf("datasets: %s: row %d at position %d of the order is outside 0…%d", ds.Name, r, i, b.n-1)
		}
	}
	b.order, b.n, b.end = append([]int(nil), order...), len(order), nil
	if b.full == nil { // ds has fewer rows than a batch, repeated by order
		b.full = b.newBufs(batchSize)
	}
	b.Reset()
	return b, nil
}

// StreamOrder returns the order in which a stateful recurrent network reads
// n consecutive rows (windows of one text, each continuing the one before)
// in batches of b: the rows cut into b contiguous streams of s = n/b rows
// (the last n − b·s rows left out), and batch k holding row k of every
// stream, so that row j of every batch continues row j of the one before:
// 0, s, 2s, …, (b−1)s, then 1, s+1, …. It errors unless 1 <= b <= n.
func StreamOrder(n, b int) ([]int, error) {
	if b < 1 || b > n {
		return nil, errors.Errorf("datasets: StreamOrder: %d streams of %d rows; want 1 to %d streams", b, n, n)
	}
	s := n / b
	order := make([]int, 0, b*s)
	for k := 0; k < s; k++ {
		for j := 0; j < b; j++ {
			order = append(order, j*s+k)
		}
	}
	return order, nil
}
