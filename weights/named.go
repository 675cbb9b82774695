package weights

import (
	"fmt"
	"math"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Named is one named tensor. Value is float32 or float64, stored densely in
// row-major (C) order: a transposed or strided view is refused by the
// writers.
type Named struct {
	Name  string
	Value *tensor.Dense
}

// Find returns the tensor named name in ts, or nil.
func Find(ts []Named, name string) *tensor.Dense {
	for _, t := range ts {
		if t.Name == name {
			return t.Value
		}
	}
	return nil
}

// itemSize returns the bytes per element of a float dtype, or 0.
// readItemSize is the size of one element of a dtype the readers read:
// itemSize's, and 8 for int64, which PyTorch writes for a batch norm's
// num_batches_tracked (read, so that a plain state_dict loads; never
// written).
func readItemSize(dt tensor.Dtype) int {
	if dt == tensor.Int64 {
		return 8
	}
	return itemSize(dt)
}

func itemSize(dt tensor.Dtype) int {
	switch dt {
	case tensor.Float32:
		return 4
	case tensor.Float64:
		return 8
	}
	return 0
}

// checkWritable errors unless t can be written: a non-nil float32 or
// float64 tensor whose elements are stored densely in row-major order.
func checkWritable(t Named) error {
	v := t.Value
	if v == nil {
		return errors.Errorf("weights: %s is nil", t.Name)
	}
	if itemSize(v.Dtype()) == 0 {
		return errors.Errorf("weights: %s has dtype %v; float32 and float64 can be written", t.Name, v.Dtype())
	}
	if !dense(v) {
		return errors.Errorf("weights: %s is a view (its elements are not stored in row-major order); export a materialised copy", t.Name)
	}
	return nil
}

// dense reports whether v's backing slice holds exactly its elements in
// row-major order.
func dense(v *tensor.Dense) bool {
	if v.Size() == 0 && itemSize(v.Dtype()) > 0 { // tensor says an empty tensor needs an iterator
		return true
	}
	if v.RequiresIterator() {
		return false
	}
	switch v.Dtype() {
	case tensor.Float64:
		return len(v.Float64s()) == v.Size()
	case tensor.Float32:
		return len(v.Float32s()) == v.Size()
	}
	return false
}

// checkNames errors when a name is empty or appears twice.
func checkNames(ts []Named) error {
	seen := make(map[string]bool, len(ts))
	for _, t := range ts {
		if t.Name == "" {
			return errors.New("weights: a tensor has an empty name")
		}
		if seen[t.Name] {
			return errors.Errorf("weights: two tensors are named %q", t.Name)
		}
		seen[t.Name] = true
	}
	return nil
}

// CheckFinite errors, naming the tensor and the index, at the first NaN or
// infinity in ts.
func CheckFinite(ts []Named) error {
	for _, t := range ts {
		if t.Value == nil {
			continue
		}
		switch t.Value.Dtype() {
		case tensor.Float32:
			for i, v := range t.Value.Float32s() {
				if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
					return errors.Errorf("%s[%d] is %v", t.Name, i, v)
				}
			}
		case tensor.Float64:
			for i, v := range t.Value.Float64s() {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return errors.Errorf("%s[%d] is %v", t.Name, i, v)
				}
			}
		}
	}
	return nil
}

// shapeString prints a shape as NumPy does: (784, 128), (10,), ().
func shapeString(s tensor.Shape) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// sameShape reports whether a and b have the same dimensions.
func sameShape(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
