package weights

import (
	"encoding/binary"
	"io"
	"math"

	"gorgonia.org/tensor"
)

// chunk is the number of bytes the readers and writers convert at a time.
const chunk = 64 << 10

// elements returns the number of elements of shape and their byte length at
// item bytes each, or ok false when a dimension is negative or the length
// exceeds limit (so nothing overflows).
func elements(shape []int64, item, limit int64) (n, nbytes int64, ok bool) {
	n = 1
	for _, d := range shape {
		if d < 0 {
			return 0, 0, false
		}
		if d == 0 {
			n = 0
			continue
		}
		if n > limit/item/d {
			return 0, 0, false
		}
		n *= d
	}
	if n > limit/item {
		return 0, 0, false
	}
	return n, n * item, true
}

// newDense returns a zero tensor of dtype dt and the given shape.
func newDense(dt tensor.Dtype, shape []int64, n int64) *tensor.Dense {
	dims := make([]int, len(shape))
	for i, d := range shape {
		dims[i] = int(d)
	}
	switch dt {
	case tensor.Float32:
		return tensor.New(tensor.WithShape(dims...), tensor.WithBacking(make([]float32, n)))
	case tensor.Int64:
		return tensor.New(tensor.WithShape(dims...), tensor.WithBacking(make([]int64, n)))
	}
	return tensor.New(tensor.WithShape(dims...), tensor.WithBacking(make([]float64, n)))
}

// readData fills v's elements from r, which holds them in order, big- or
// little-endian, reading chunk bytes at a time. It returns the number of
// bytes read before an error.
func readData(r io.Reader, v *tensor.Dense, big bool) (int64, error) {
	var order binary.ByteOrder = binary.LittleEndian
	if big {
		order = binary.BigEndian
	}
	buf := make([]byte, min(chunk, v.Size()*readItemSize(v.Dtype())))
	switch v.Dtype() {
	case tensor.Int64:
		return readElems(r, buf, v.Int64s(), 8, func(b []byte) int64 { return int64(order.Uint64(b)) })
	case tensor.Float32:
		return readElems(r, buf, v.Float32s(), 4, func(b []byte) float32 { return math.Float32frombits(order.Uint32(b)) })
	}
	return readElems(r, buf, v.Float64s(), 8, func(b []byte) float64 { return math.Float64frombits(order.Uint64(b)) })
}

// readElems fills dst from r, size bytes an element decoded by dec, through
// buf; it returns the number of bytes read before an error.
func readElems[T any](r io.Reader, buf []byte, dst []T, size int, dec func([]byte) T) (int64, error) {
	var done int64
	for len(dst) > 0 {
		k := min(len(dst), chunk/size)
		n, err := io.ReadFull(r, buf[:size*k])
		if err != nil {
			return done + int64(n), err
		}
		for i := range k {
			dst[i] = dec(buf[size*i:])
		}
		dst, done = dst[k:], done+int64(n)
	}
	return done, nil
}

// writeData writes v's elements little-endian to w, chunk bytes at a time.
// v must be dense (checkWritable).
func writeData(w io.Writer, v *tensor.Dense) error {
	le := binary.LittleEndian
	buf := make([]byte, 0, min(chunk, v.Size()*itemSize(v.Dtype())))
	flush := func() error {
		_, err := w.Write(buf)
		buf = buf[:0]
		return err
	}
	if v.Dtype() == tensor.Float32 {
		for _, x := range v.Float32s() {
			if len(buf)+4 > chunk {
				if err := flush(); err != nil {
					return err
				}
			}
			buf = le.AppendUint32(buf, math.Float32bits(x))
		}
		return flush()
	}
	for _, x := range v.Float64s() {
		if len(buf)+8 > chunk {
			if err := flush(); err != nil {
				return err
			}
		}
		buf = le.AppendUint64(buf, math.Float64bits(x))
	}
	return flush()
}

// fromFortran reorders v's elements, read in Fortran (column-major) order,
// into C (row-major) order.
func fromFortran(v *tensor.Dense) {
	shape := v.Shape()
	if len(shape) < 2 || v.Size() == 0 {
		return
	}
	switch v.Dtype() {
	case tensor.Float32:
		src := v.Float32s()
		copy(src, reorder(append([]float32(nil), src...), shape))
		return
	case tensor.Int64:
		src := v.Int64s()
		copy(src, reorder(append([]int64(nil), src...), shape))
		return
	}
	src := v.Float64s()
	copy(src, reorder(append([]float64(nil), src...), shape))
}

// reorder returns the elements of f, a column-major array of the given
// shape, in row-major order.
func reorder[T any](f []T, shape []int) []T {
	rank := len(shape)
	stride := make([]int, rank) // column-major strides
	s := 1
	for i := range rank {
		stride[i] = s
		s *= shape[i]
	}
	out := make([]T, len(f))
	idx := make([]int, rank)
	off := 0
	for c := range out {
		out[c] = f[off]
		for ax := rank - 1; ax >= 0; ax-- { // the last axis varies fastest in C order
			idx[ax]++
			off += stride[ax]
			if idx[ax] < shape[ax] {
				break
			}
			off -= idx[ax] * stride[ax]
			idx[ax] = 0
		}
	}
	return out
}
