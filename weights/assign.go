package weights

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// ErrMismatch is the kind of Assign's error when the file's tensors do not
// match the model's (test with errors.Is).
var ErrMismatch = errors.New("the file's tensors do not match the model's")

// Assign copies each tensor of src (read from a file) into the tensor of
// dst (a model's) with the same name. It first checks everything: both
// lists name the same tensors, in any order, each name once; each pair has
// the same dtype and shape; every dst tensor is dense (not a view); every
// src value is finite. At the first mismatch, in dst's order and then
// src's, it returns an error wrapping ErrMismatch that names it ("W1: the
// file has shape (3, 2), the model has (2, 3)") and counts the others, and
// dst is unchanged.
func Assign(dst, src []Named) error {
	if err := checkNames(dst); err != nil {
		return errors.Wrap(err, "the model")
	}
	if err := checkNames(src); err != nil {
		return errors.Wrap(err, "the file")
	}
	byName := make(map[string]*tensor.Dense, len(src))
	unused := make(map[string]bool, len(src))
	for _, s := range src {
		byName[s.Name], unused[s.Name] = s.Value, true
	}
	var diffs []string
	for _, d := range dst {
		s, ok := byName[d.Name]
		delete(unused, d.Name)
		switch {
		case !ok:
			diffs = append(diffs, d.Name+": missing from the file")
		case d.Value == nil || s == nil:
			diffs = append(diffs, d.Name+": a nil tensor")
		case s.Dtype() != d.Value.Dtype():
			diffs = append(diffs, fmt.Sprintf("%s: the file has dtype %v, the model has %v", d.Name, s.Dtype(), d.Value.Dtype()))
		case !sameShape(s.Shape(), d.Value.Shape()):
			diffs = append(diffs, fmt.Sprintf("%s: the file has shape %s, the model has %s", d.Name, shapeString(s.Shape()), shapeString(d.Value.Shape())))
		case !dense(d.Value):
			diffs = append(diffs, d.Name+": the model's tensor is a view (its elements are not stored in row-major order)")
		case !dense(s):
			diffs = append(diffs, d.Name+": the file's tensor is a view")
		default:
			if err := CheckFinite([]Named{{d.Name, s}}); err != nil {
				diffs = append(diffs, err.Error()+" in the file")
			}
		}
	}
	for _, s := range src {
		if unused[s.Name] {
			diffs = append(diffs, s.Name+": in the file, not in the model")
		}
	}
	if len(diffs) > 0 {
		msg := diffs[0]
		if n := len(diffs) - 1; n == 1 {
			msg += " (and 1 more mismatch)"
		} else if n > 1 {
			msg += fmt.Sprintf(" (and %d more mismatches)", n)
		}
		return errors.Wrap(ErrMismatch, msg)
	}
	for _, d := range dst {
		s := byName[d.Name]
		if d.Value.Dtype() == tensor.Float32 {
			copy(d.Value.Float32s(), s.Float32s())
		} else {
			copy(d.Value.Float64s(), s.Float64s())
		}
	}
	return nil
}
