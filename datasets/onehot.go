package datasets

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// OneHot returns the one-hot encoding of the class indices y (int [N]) as a new
// float64 tensor [N, k]: row i has a 1 in column y[i] and 0 elsewhere. It
// returns an error if y is nil, not an int vector, or holds a label outside
// 0..k-1, or if k < 1.
func OneHot(y *tensor.Dense, k int) (*tensor.Dense, error) {
	if y == nil || y.Dtype() != tensor.Int || y.Dims() != 1 {
		return nil, errors.New("datasets: OneHot needs an int vector of class indices")
	}
	if k < 1 {
		return nil, errors.Errorf("datasets: OneHot: %d classes, want at least 1", k)
	}
	ys := y.Ints()
	out := make([]float64, len(ys)*k)
	for i, c := range ys {
		if c < 0 || c >= k {
			return nil, errors.Errorf("datasets: OneHot: label %d at index %d is outside 0..%d", c, i, k-1)
		}
		out[i*k+c] = 1
	}
	return tensor.New(tensor.WithShape(len(ys), k), tensor.WithBacking(out)), nil
}

// AsFloat32 returns a float32 copy of t (float64, float32 or int), with the
// same shape, for models that compute in float32. It returns an error if t is
// nil or of another type.
func AsFloat32(t *tensor.Dense) (*tensor.Dense, error) {
	if t == nil {
		return nil, errors.New("datasets: AsFloat32 of a nil tensor")
	}
	var out []float32
	switch t.Dtype() {
	case tensor.Float64:
		out = convert[float64, float32](t.Float64s())
	case tensor.Float32:
		out = convert[float32, float32](t.Float32s())
	case tensor.Int:
		out = convert[int, float32](t.Ints())
	default:
		return nil, errors.Errorf("datasets: AsFloat32: unsupported type %v", t.Dtype())
	}
	return tensor.New(tensor.WithShape(t.Shape().Clone()...), tensor.WithBacking(out)), nil
}

func convert[S float64 | float32 | int, D float32 | float64](src []S) []D {
	dst := make([]D, len(src))
	for i, v := range src {
		dst[i] = D(v)
	}
	return dst
}
