package backing

import (
	"unsafe"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// Plain reports whether t's backing array holds exactly t's elements in
// row-major order, which is the order F64 and F32 (and every kernel) read
// them in. It decides by t's strides, not by t.RequiresIterator, which
// misses a Slice of a transposed tensor: that view reports itself
// contiguous while its strides are still the transposed ones. It allocates
// nothing.
func Plain(t *tensor.Dense) bool {
	if t.IsMasked() {
		return false
	}
	shape, strides := t.Shape(), t.Strides()
	if len(shape) > 0 && len(strides) != len(shape) {
		return false
	}
	want := 1
	for k := len(shape) - 1; k >= 0; k-- {
		if shape[k] != 1 && strides[k] != want {
			return false
		}
		want *= shape[k]
	}
	return len(t.Raw) == want*int(t.Dtype().Size())
}

// Check returns nil when t is Plain, and otherwise an error saying why,
// worded to follow the tensor's description ("param at index 0 " + err): a
// transposed view (after T()), a non-contiguous view (a Slice that skips
// elements), other strides than the row-major ones (a column-major tensor),
// a mask, or a backing array of another length than the shape needs.
func Check(t *tensor.Dense) error {
	if Plain(t) {
		return nil
	}
	if t.IsMasked() {
		return errors.New("is masked (the graph and the solvers have no masks)")
	}
	shape, strides := t.Shape(), t.Strides()
	if len(shape) > 0 && len(strides) != len(shape) {
		return errors.Errorf("has %d strides for its %d dimensions", len(strides), len(shape))
	}
	want := 1
	for k := len(shape) - 1; k >= 0; k-- {
		if shape[k] != 1 && strides[k] != want {
			switch order := t.DataOrder(); {
			case order.IsTransposed():
				return errors.Errorf("is a transposed view (T()): shape %v with strides %v, so its elements are not in row-major order in memory", shape, strides)
			case t.IsView():
				return errors.Errorf("is a non-contiguous view (a Slice that skips elements): shape %v with strides %v", shape, strides)
			default:
				return errors.Errorf("has strides %v, not the row-major strides of its shape %v", strides, shape)
			}
		}
		want *= shape[k]
	}
	return errors.Errorf("has a backing array of %d bytes; its shape %v needs %d", len(t.Raw), shape, want*int(t.Dtype().Size()))
}

// Gather copies t's elements in their logical, row-major order into dst,
// the backing array of a plain tensor of t's shape and dtype, following t's
// strides: it reads any view, transposed or sliced, as Materialize would,
// without allocating. It errors, copying nothing, when t is masked, when
// dst is not exactly the size t's elements need, or when t's strides are
// negative or reach outside its backing array.
func Gather(dst []byte, t *tensor.Dense) error {
	if t.IsMasked() {
		return errors.New("is masked (the graph and the solvers have no masks)")
	}
	shape, strides := t.Shape(), t.Strides()
	es := int(t.Dtype().Size())
	n := shape.TotalSize()
	if len(shape) == 0 {
		n = 1
	}
	if len(dst) != n*es {
		return errors.Errorf("gather: destination of %d bytes for %d elements of %d bytes", len(dst), n, es)
	}
	if len(shape) > 0 && len(strides) != len(shape) {
		return errors.Errorf("has %d strides for its %d dimensions", len(strides), len(shape))
	}
	last := 0 // the highest element offset the strides reach
	for k, d := range shape {
		if d > 1 {
			if strides[k] < 0 {
				return errors.Errorf("has a negative stride: shape %v with strides %v", shape, strides)
			}
			last += (d - 1) * strides[k]
		}
	}
	if n > 0 && (last+1)*es > len(t.Raw) {
		return errors.Errorf("has strides %v for shape %v that reach element %d of a backing array of %d", strides, shape, last, len(t.Raw)/es)
	}
	if n == 0 {
		return nil
	}
	switch es {
	case 8:
		gather(words[uint64](dst), words[uint64](t.Raw), shape, strides)
	case 4:
		gather(words[uint32](dst), words[uint32](t.Raw), shape, strides)
	case 2:
		gather(words[uint16](dst), words[uint16](t.Raw), shape, strides)
	case 1:
		gather(dst, t.Raw, shape, strides)
	default:
		return errors.Errorf("gather: elements of %d bytes", es)
	}
	return nil
}

func words[T uint16 | uint32 | uint64](raw []byte) []T {
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/int(unsafe.Sizeof(z)))
}

// gather walks shape in row-major order, reading src at the offsets strides
// give and writing dst in order. Every offset is known to lie in src.
func gather[T any](dst, src []T, shape tensor.Shape, strides []int) {
	if len(shape) == 0 {
		dst[0] = src[0]
		return
	}
	const maxDims = 16
	var idxBuf [maxDims]int
	idx := idxBuf[:0]
	if len(shape) <= maxDims {
		idx = idxBuf[:len(shape)]
	} else {
		idx = make([]int, len(shape))
	}
	inner, step := shape[len(shape)-1], strides[len(shape)-1]
	outer := len(shape) - 1
	off, w := 0, 0
	for {
		for j, o := 0, off; j < inner; j, o = j+1, o+step {
			dst[w] = src[o]
			w++
		}
		// advance the outer index like an odometer
		k := outer - 1
		for ; k >= 0; k-- {
			idx[k]++
			off += strides[k]
			if idx[k] < shape[k] {
				break
			}
			off -= idx[k] * strides[k]
			idx[k] = 0
		}
		if k < 0 {
			return
		}
	}
}
