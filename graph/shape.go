package graph

import (
	"strconv"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

func shapeSize(s tensor.Shape) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

func shapeString(s tensor.Shape) string {
	if s == nil {
		return "<none>"
	}
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// ShapeString formats a shape as "(2, 3)"; a scalar is "()".
func ShapeString(s tensor.Shape) string { return shapeString(s) }

// SameShape reports whether a and b have the same dimensions.
func SameShape(a, b tensor.Shape) bool {
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

// Broadcast returns the NumPy broadcast of two shapes: aligned from the
// right, each pair of dimensions must be equal or one of them 1. It errors,
// stating both shapes, when they do not broadcast.
func Broadcast(a, b tensor.Shape) (tensor.Shape, error) {
	n := max(len(a), len(b))
	out := make(tensor.Shape, n)
	for i := 1; i <= n; i++ {
		da, db := 1, 1
		if i <= len(a) {
			da = a[len(a)-i]
		}
		if i <= len(b) {
			db = b[len(b)-i]
		}
		switch {
		case da == db || db == 1:
			out[n-i] = da
		case da == 1:
			out[n-i] = db
		default:
			return nil, errors.Errorf("shapes %s and %s do not broadcast (dimension %d from the right: %d vs %d)",
				shapeString(a), shapeString(b), i, da, db)
		}
	}
	return out, nil
}

// BroadcastStrides returns, for a tensor of shape in broadcast to shape out,
// the strides (in elements, row-major) to use for each dimension of out: 0
// where the dimension is broadcast. It assumes in broadcasts to out.
func BroadcastStrides(in, out tensor.Shape) []int {
	st := make([]int, len(out))
	stride := 1
	for i := 1; i <= len(out); i++ {
		if i > len(in) {
			break
		}
		d := in[len(in)-i]
		if d != 1 {
			st[len(out)-i] = stride
		}
		stride *= d
	}
	return st
}

func checkShape(where string, shape []int) error {
	for i, d := range shape {
		if d <= 0 {
			return errors.Errorf("%s: dimension %d of shape %v is %d, want > 0", where, i, shape, d)
		}
	}
	return nil
}
