package datasets

import (
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// SplitSeries cuts a time series chronologically, without shuffling: train is
// the first round(trainFraction*len(series)) values and test the rest. Split
// the raw series before calling Windows so that no test value leaks into a
// training window. The returned slices are copies. SplitSeries errors if
// trainFraction is not strictly between 0 and 1 or either part would be empty.
func SplitSeries(series []float64, trainFraction float64) (train, test []float64, err error) {
	k, err := chronoCut(len(series), trainFraction)
	if err != nil {
		return nil, nil, err
	}
	train = append([]float64(nil), series[:k]...)
	test = append([]float64(nil), series[k:]...)
	return train, test, nil
}

// SplitChronological cuts a dataset's rows in order, without shuffling: train
// gets the first round(trainFraction*N) samples and test the rest; X, Y and
// Mask are copied. Use it for windows of a time series. It errors if d has no
// X, if Y or Mask do not have N rows, if trainFraction is not strictly between
// 0 and 1, or if either part would be empty.
func SplitChronological(d *Dataset, trainFraction float64) (train, test *Dataset, err error) {
	if d == nil || d.X == nil || d.X.Dims() < 1 {
		return nil, nil, errors.New("datasets: SplitChronological needs a dataset with X")
	}
	n := d.X.Shape()[0]
	k, err := chronoCut(n, trainFraction)
	if err != nil {
		return nil, nil, err
	}
	parts := [2]*Dataset{}
	for p, r := range [2][2]int{{0, k}, {k, n}} {
		c := *d
		c.SampleShape = append([]int(nil), d.SampleShape...)
		if c.X, err = seqRows(d.X, n, r[0], r[1]); err == nil {
			if c.Y, err = seqRows(d.Y, n, r[0], r[1]); err == nil {
				c.Mask, err = seqRows(d.Mask, n, r[0], r[1])
			}
		}
		if err != nil {
			return nil, nil, err
		}
		parts[p] = &c
	}
	return parts[0], parts[1], nil
}

// chronoCut returns the split index for n items.
func chronoCut(n int, frac float64) (int, error) {
	if math.IsNaN(frac) || frac <= 0 || frac >= 1 {
		return 0, errors.Errorf("datasets: train fraction %v is not strictly between 0 and 1", frac)
	}
	k := int(math.Round(frac * float64(n)))
	if k < 1 || k >= n {
		return 0, errors.Errorf("datasets: train fraction %v of %d samples leaves an empty part", frac, n)
	}
	return k, nil
}

// seqRows copies rows lo..hi of a float64 or int tensor with n rows; nil stays nil.
func seqRows(t *tensor.Dense, n, lo, hi int) (*tensor.Dense, error) {
	if t == nil {
		return nil, nil
	}
	shape := t.Shape().Clone()
	if len(shape) < 1 || shape[0] != n {
		return nil, errors.Errorf("datasets: tensor of shape %v does not have %d rows", shape, n)
	}
	per := 1
	for _, s := range shape[1:] {
		per *= s
	}
	shape[0] = hi - lo
	switch data := t.Data().(type) {
	case []float64:
		return seqF64Tensor(append([]float64(nil), data[lo*per:hi*per]...), shape...), nil
	case []int:
		return tensor.New(tensor.WithShape(shape...),
			tensor.WithBacking(append([]int(nil), data[lo*per:hi*per]...))), nil
	}
	return nil, errors.Errorf("datasets: cannot split a tensor of type %v", t.Dtype())
}
