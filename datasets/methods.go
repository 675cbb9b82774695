package datasets

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Len returns the number of samples, the first dimension of X. It returns 0 for
// a nil dataset or one without features.
func (d *Dataset) Len() int {
	if d == nil || d.X == nil || d.X.Dims() == 0 {
		return 0
	}
	return d.X.Shape()[0]
}

// NumClasses returns the number of classes, len(Classes); it is 0 for a
// regression dataset.
func (d *Dataset) NumClasses() int {
	if d == nil {
		return 0
	}
	return len(d.Classes)
}

// IsClassification reports whether Y holds class indices (int [N]) and Classes
// is set.
func (d *Dataset) IsClassification() bool {
	return d != nil && d.Y != nil && d.Y.Dtype() == tensor.Int && len(d.Classes) > 0
}

// ClassCounts returns how many samples each class has, indexed by class. It
// returns nil for a regression dataset; labels outside 0..NumClasses()-1 are
// not counted (Validate reports them).
func (d *Dataset) ClassCounts() []int {
	if !d.IsClassification() {
		return nil
	}
	counts := make([]int, len(d.Classes))
	for _, c := range d.Y.Ints() {
		if c >= 0 && c < len(counts) {
			counts[c]++
		}
	}
	return counts
}

// Validate checks that the dataset is well formed: X float64 [N, D]; Y int [N]
// with labels in 0..NumClasses()-1 when Classes is set, else float64 with N
// rows; Mask, if present, float64 of Y's shape. Y may be nil for unlabelled
// data (features only, no Mask or Classes): such a dataset can be split,
// subset and shuffled but not batched. It returns an error naming the first
// problem found.
func (d *Dataset) Validate() error {
	if d == nil || d.X == nil {
		return errors.New("datasets: dataset has no features (X is nil)")
	}
	if d.X.Dtype() != tensor.Float64 || d.X.Dims() != 2 {
		return errors.Errorf("datasets: %s: X must be float64 [N, D], got %v %v", d.Name, d.X.Dtype(), d.X.Shape())
	}
	n := d.X.Shape()[0]
	if d.Y == nil {
		// Unlabelled data, such as a keypoints test.csv: features only.
		if d.Mask != nil || len(d.Classes) > 0 {
			return errors.Errorf("datasets: %s: Y is nil but Mask or Classes is set", d.Name)
		}
		return nil
	}
	if d.Y.Dims() < 1 || d.Y.Shape()[0] != n {
		return errors.Errorf("datasets: %s: Y shape %v does not match %d samples", d.Name, d.Y.Shape(), n)
	}
	if len(d.Classes) > 0 {
		if d.Y.Dtype() != tensor.Int || d.Y.Dims() != 1 {
			return errors.Errorf("datasets: %s: classification Y must be int [N], got %v %v", d.Name, d.Y.Dtype(), d.Y.Shape())
		}
		for i, c := range d.Y.Ints() {
			if c < 0 || c >= len(d.Classes) {
				return errors.Errorf("datasets: %s: sample %d has label %d, want 0..%d", d.Name, i, c, len(d.Classes)-1)
			}
		}
	} else if d.Y.Dtype() != tensor.Float64 {
		return errors.Errorf("datasets: %s: regression Y must be float64, got %v", d.Name, d.Y.Dtype())
	}
	if d.Mask != nil && (d.Mask.Dtype() != tensor.Float64 || !d.Mask.Shape().Eq(d.Y.Shape())) {
		return errors.Errorf("datasets: %s: Mask must be float64 %v, got %v %v", d.Name, d.Y.Shape(), d.Mask.Dtype(), d.Mask.Shape())
	}
	return nil
}

// Subset returns a new dataset holding copies of the rows idx (of X, Y and
// Mask), in that order; indices may repeat. It returns an error if the dataset
// is malformed or an index is out of range.
func (d *Dataset) Subset(idx []int) (*Dataset, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n := d.Len()
	for _, i := range idx {
		if i < 0 || i >= n {
			return nil, errors.Errorf("datasets: %s: Subset index %d out of range [0, %d)", d.Name, i, n)
		}
	}
	out := d.withMeta()
	out.X = gatherRows(d.X, idx)
	if d.Y != nil {
		out.Y = gatherRows(d.Y, idx)
	}
	if d.Mask != nil {
		out.Mask = gatherRows(d.Mask, idx)
	}
	return out, nil
}

// Clone returns a deep copy of the dataset. It returns an error if the dataset
// is malformed.
func (d *Dataset) Clone() (*Dataset, error) {
	idx := make([]int, d.Len())
	for i := range idx {
		idx[i] = i
	}
	return d.Subset(idx)
}

// withMeta copies the descriptive fields (not the tensors) of d.
func (d *Dataset) withMeta() *Dataset {
	return &Dataset{
		Name:        d.Name,
		Classes:     append([]string(nil), d.Classes...),
		SampleShape: append([]int(nil), d.SampleShape...),
		Targets:     append([]string(nil), d.Targets...),
	}
}
