package nets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// MaxStreamBytes bounds what Load and LoadInto read from a path that is
// not a regular file (a pipe such as /dev/stdin or <(cat m), a device),
// whose size cannot be known beforehand: a header announcing a longer file
// is an error (ErrTooLarge) before anything more is read, and the body is
// read as it arrives, so a stream that ends early costs only what it held.
// A regular file is checked against its size instead. Raise it to load a
// larger model through a pipe.
var MaxStreamBytes int64 = 1 << 30

// readFile reads a model file, checking its header before the rest: a
// regular file must be exactly as long as its header announces; any other
// file is read up to that length, at most MaxStreamBytes, and must end
// there.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errors.Wrap(ErrForeign, "a directory")
	}
	hdr := make([]byte, headerLen)
	n, err := io.ReadFull(f, hdr)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	hdr = hdr[:n]
	_, total, err := checkHeader(hdr)
	if err != nil {
		return nil, err
	}
	if fi.Mode().IsRegular() {
		switch size := uint64(fi.Size()); {
		case size < total:
			return nil, errors.Wrapf(ErrTruncated, "%d bytes, the header announces %d", size, total)
		case size > total:
			return nil, errors.Wrapf(ErrCorrupted, "%d bytes after the end the header announces", size-total)
		}
		data := make([]byte, total)
		copy(data, hdr)
		if _, err := io.ReadFull(f, data[headerLen:]); err != nil {
			return nil, readErr(err, total)
		}
		return data, extra(f)
	}
	if total > uint64(MaxStreamBytes) {
		return nil, errors.Wrapf(ErrTooLarge, "the header announces %d bytes, above nets.MaxStreamBytes (%d)", total, MaxStreamBytes)
	}
	var buf bytes.Buffer
	buf.Write(hdr)
	if _, err := io.CopyN(&buf, f, int64(total)-int64(headerLen)); err != nil {
		return nil, readErr(err, total)
	}
	return buf.Bytes(), extra(f)
}

// readErr turns an early end of the file into ErrTruncated.
func readErr(err error, total uint64) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.Wrapf(ErrTruncated, "the file ends before the %d bytes its header announces", total)
	}
	return err
}

// extra fails when f holds more bytes after the end its header announces.
func extra(f io.Reader) error {
	var one [1]byte
	if n, _ := io.ReadFull(f, one[:]); n > 0 {
		return errors.Wrap(ErrCorrupted, "bytes after the end the header announces")
	}
	return nil
}

// maxRank bounds the rank what a model file may declare, so that a
// damaged field cannot make Decode allocate beyond the file size.
const maxRank = 8

// reader consumes a model file's body; the first failure sticks and names
// the file offset where reading stopped (the start of a field that runs
// past the end, just past a field whose value is wrong), as layers' does.
type reader struct {
	b   []byte
	off int // the file offset of b[0]
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = errors.Wrapf(ErrCorrupted, "at byte %d: %s", r.off, fmt.Sprintf(format, args...))
	}
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("a field of %d bytes runs past the end of the body (%d left)", n, len(r.b))
		return nil
	}
	out := r.b[:n]
	r.b, r.off = r.b[n:], r.off+n
	return out
}

func (r *reader) u8() uint8 {
	if b := r.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if b := r.bytes(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// tensor reads one named tensor of dtype dt ("float64" or "float32").
func (r *reader) tensor(dt string) Param {
	name := string(r.bytes(int(r.u16())))
	rank := int(r.u8())
	if rank > maxRank {
		r.fail("tensor %q has rank %d", name, rank)
		return Param{}
	}
	shape := make([]int, rank)
	size := 1
	for i := range shape {
		shape[i] = int(r.u32())
		if r.err == nil && (shape[i] < 1 || shape[i] > len(r.b)) {
			r.fail("tensor %q: dimension %d is %d", name, i, shape[i])
		}
		size *= max(1, shape[i])
		if size > len(r.b) {
			r.fail("tensor %q: shape %v needs more bytes than the file has", name, shape[:i+1])
		}
	}
	var width int
	switch dt {
	case string(Float64):
		width = 8
	case string(Float32):
		width = 4
	default:
		r.fail("dtype %q", dt)
	}
	raw := r.bytes(size * width)
	if r.err != nil {
		return Param{}
	}
	if dt == string(Float32) {
		s := make([]float32, size)
		for i := range s {
			s[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
			r.finite(name, i, float64(s[i]))
		}
		return Param{Name: name, Value: tensor.New(tensor.WithShape(shape...), tensor.WithBacking(s))}
	}
	s := make([]float64, size)
	for i := range s {
		s[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		r.finite(name, i, s[i])
	}
	return Param{Name: name, Value: tensor.New(tensor.WithShape(shape...), tensor.WithBacking(s))}
}

// finite fails on a NaN or infinite element: Save never writes one.
func (r *reader) finite(name string, i int, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.fail("tensor %q: element %d is %v", name, i, v)
	}
}
