package datasets

import (
	"encoding/binary"
	"io"
	"math"

	"github.com/pkg/errors"
)

// MaxNPYBytes is the largest data part (elements times item size) ReadNPY
// accepts: a header whose shape asks for more is rejected before anything
// past it is read, with an error that names this variable. The default, 256
// MiB, is MaxIDXBytes' default. Raise it once at start-up to read more.
var MaxNPYBytes int64 = 1 << 28

// MaxNPYHeader is the longest .npy header ReadNPY reads, in bytes: numpy's own
// np.load refuses headers over 10,000 bytes unless told otherwise.
const MaxNPYHeader = 10000

// maxNPYDims bounds the number of axes of a shape (NumPy 2's NPY_MAXDIMS).
const maxNPYDims = 64

// NPYArray is the content of a NumPy .npy file: its Shape (C order, empty
// for a scalar), the NumPy dtype string it was stored as (Descr, e.g.
// "<f8") and every element converted to float64, in C order.
type NPYArray struct {
	Shape []int
	Descr string
	Data  []float64
}

// npyKind is one element type ReadNPY converts.
type npyKind struct {
	size   int
	decode func(b []byte, order binary.ByteOrder) float64
}

// npyKinds maps a dtype without its byte-order character to its decoder.
var npyKinds = map[string]npyKind{
	"f8": {8, func(b []byte, o binary.ByteOrder) float64 { return math.Float64frombits(o.Uint64(b)) }},
	"f4": {4, func(b []byte, o binary.ByteOrder) float64 { return float64(math.Float32frombits(o.Uint32(b))) }},
	"u1": {1, func(b []byte, _ binary.ByteOrder) float64 { return float64(b[0]) }},
	"i1": {1, func(b []byte, _ binary.ByteOrder) float64 { return float64(int8(b[0])) }},
	"u2": {2, func(b []byte, o binary.ByteOrder) float64 { return float64(o.Uint16(b)) }},
	"i2": {2, func(b []byte, o binary.ByteOrder) float64 { return float64(int16(o.Uint16(b))) }},
	"i4": {4, func(b []byte, o binary.ByteOrder) float64 { return float64(int32(o.Uint32(b))) }},
	"u4": {4, func(b []byte, o binary.ByteOrder) float64 { return float64(o.Uint32(b)) }},
}

// ReadNPY reads a NumPy .npy file (format versions 1.0, 2.0 and 3.0), gzip'd
// or raw, from r; name is used in error messages. It accepts the dtypes
// float64, float32, (u)int8, (u)int16, (u)int32 in either byte order, C order
// only, and converts the elements to float64. It errors, naming the file and
// the byte offset, on a wrong magic string or version, a header longer than
// MaxNPYHeader, a header that is not the dict numpy writes (keys descr,
// fortran_order and shape, each once), an unsupported dtype, fortran_order
// True, a negative dimension, a shape whose data exceeds MaxNPYBytes, and data
// shorter or longer than the shape needs. Memory grows with the bytes actually
// read, never from the header's shape alone.
func ReadNPY(r io.Reader, name string) (*NPYArray, error) {
	if r == nil {
		return nil, errors.Errorf("datasets: %s: nil reader", name)
	}
	zr, err := maybeGunzip(r, name)
	if err != nil {
		return nil, err
	}
	var pre [12]byte
	if n, err := io.ReadFull(zr, pre[:8]); err != nil {
		return nil, errors.Errorf("datasets: %s: npy magic and version: want 8 bytes, file holds %d (%s)", name, n, describeReadErr(err))
	}
	if string(pre[:6]) != "\x93NUMPY" {
		return nil, errors.Errorf("datasets: %s: bad npy magic %q at offset 0, want \"\\x93NUMPY\"", name, pre[:6])
	}
	lenBytes := 4
	switch pre[6] {
	case 1:
		lenBytes = 2
	case 2, 3:
	default:
		return nil, errors.Errorf("datasets: %s: npy format version %d.%d at offset 6, want 1.0, 2.0 or 3.0", name, pre[6], pre[7])
	}
	if pre[7] != 0 {
		return nil, errors.Errorf("datasets: %s: npy format version %d.%d at offset 6, want 1.0, 2.0 or 3.0", name, pre[6], pre[7])
	}
	if n, err := io.ReadFull(zr, pre[8:8+lenBytes]); err != nil {
		return nil, errors.Errorf("datasets: %s: npy header length at offset 8: want %d bytes, file holds %d (%s)",
			name, lenBytes, n, describeReadErr(err))
	}
	hlen := uint64(binary.LittleEndian.Uint16(pre[8:]))
	if lenBytes == 4 {
		hlen = uint64(binary.LittleEndian.Uint32(pre[8:]))
	}
	if hlen > MaxNPYHeader {
		return nil, errors.Errorf("datasets: %s: npy header length %d at offset 8 exceeds %d bytes", name, hlen, MaxNPYHeader)
	}
	start := uint64(8 + lenBytes)
	header := make([]byte, hlen)
	if n, err := io.ReadFull(zr, header); err != nil {
		return nil, errors.Errorf("datasets: %s: npy header at offset %d: length %d, file holds %d bytes of it (%s)",
			name, start, hlen, n, describeReadErr(err))
	}
	h, herr := parseNPYHeader(header)
	if herr != nil {
		return nil, errors.Errorf("datasets: %s: npy header at offset %d: %s", name, start+uint64(herr.off), herr.msg)
	}
	kind, order, err := npyDtype(h.descr)
	if err != nil {
		return nil, errors.Errorf("datasets: %s: npy header at offset %d: %v", name, start, err)
	}
	if h.fortran {
		return nil, errors.Errorf("datasets: %s: npy header at offset %d: fortran_order True is not supported; "+
			"save np.ascontiguousarray(a) instead", name, start)
	}
	limit := uint64(max(MaxNPYBytes, 0))
	total := uint64(kind.size)
	for _, d := range h.shape {
		if d != 0 && total > limit/uint64(d) {
			return nil, errors.Errorf("datasets: %s: npy shape %v of %s at offset %d asks for more than "+
				"datasets.MaxNPYBytes = %d data bytes; raise MaxNPYBytes to read a larger file", name, h.shape, h.descr, start, limit)
		}
		total *= uint64(d)
	}
	dataOff := start + hlen
	chunks, got, err := readChunks(zr, total)
	if err != nil {
		return nil, errors.Errorf("datasets: %s: reading npy data at byte offset %d (data byte %d of %d): %s",
			name, dataOff+got, got, total, describeReadErr(err))
	}
	if got < total {
		return nil, errors.Errorf("datasets: %s: npy shape %v of %s needs %d data bytes from offset %d, file holds only %d "+
			"(it ends at byte offset %d)", name, h.shape, h.descr, total, dataOff, got, dataOff+got)
	}
	var one [1]byte
	if n, _ := io.ReadFull(zr, one[:]); n > 0 {
		return nil, errors.Errorf("datasets: %s: npy shape %v of %s needs %d data bytes from offset %d, file holds more "+
			"(trailing data at byte offset %d)", name, h.shape, h.descr, total, dataOff, dataOff+total)
	}
	raw := joinChunks(chunks, total)
	data := make([]float64, len(raw)/kind.size)
	for i := range data {
		data[i] = kind.decode(raw[i*kind.size:], order)
	}
	return &NPYArray{Shape: h.shape, Descr: h.descr, Data: data}, nil
}

// npyDtype resolves a descr such as "<f8": the byte order character ('<'
// little, '>' big, '|' for one-byte types, where the order does not matter)
// and the type.
func npyDtype(descr string) (npyKind, binary.ByteOrder, error) {
	if len(descr) == 3 {
		if k, ok := npyKinds[descr[1:]]; ok {
			switch descr[0] {
			case '<':
				return k, binary.LittleEndian, nil
			case '>':
				return k, binary.BigEndian, nil
			case '|':
				if k.size == 1 {
					return k, binary.LittleEndian, nil
				}
			}
		}
	}
	return npyKind{}, nil, errors.Errorf("unsupported dtype %q (want <f8, <f4, |u1, |i1, <u2, <i2, <u4 or <i4, either byte order)", descr)
}
