package weights

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// npyMagic starts every .npy file.
const npyMagic = "\x93NUMPY"

// ReadNPY reads one .npy array of exactly size bytes from r (see the
// package doc for what is accepted). Its errors are *FormatError with
// offsets counted from the start of the array.
func ReadNPY(r io.Reader, size int64) (*tensor.Dense, error) {
	return readNPY(r, size, "")
}

// readNPY is ReadNPY for the array called name.
func readNPY(r io.Reader, size int64, name string) (*tensor.Dense, error) {
	var pre [12]byte
	if size < 10 {
		return nil, bad(name, 0, "%d bytes, shorter than the 10 bytes an .npy header starts with", size)
	}
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		return nil, bad(name, 0, "reading the .npy preamble: %v", err)
	}
	if string(pre[:6]) != npyMagic {
		return nil, bad(name, 0, "not an .npy array: it starts with %q, not \"\\x93NUMPY\"", pre[:6])
	}
	var hlen, start int64
	switch pre[6] {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, bad(name, 8, "reading the header length: %v", err)
		}
		hlen, start = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		if _, err := io.ReadFull(r, pre[8:12]); err != nil || size < 12 {
			return nil, bad(name, 8, "truncated in the header length")
		}
		hlen, start = int64(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return nil, unsupported(name, 6, "NPY format version %d.%d; versions 1.0, 2.0 and 3.0 are read", pre[6], pre[7])
	}
	if hlen > MaxNPYHeaderBytes {
		return nil, bad(name, 8, "header length %d exceeds the limit of %d bytes (weights.MaxNPYHeaderBytes)", hlen, MaxNPYHeaderBytes)
	}
	if hlen > size-start {
		return nil, bad(name, 8, "header length %d exceeds the %d bytes after it", hlen, size-start)
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, bad(name, start, "reading the header: %v", err)
	}
	h, pos, err := parseNPYHeader(hdr)
	if err != nil {
		return nil, bad(name, start+int64(pos), "header %q: %v", clip(hdr), err)
	}
	dt, known := tensor.Float64, h.descr[1:] == "f8"
	switch h.descr[1:] {
	case "f4":
		dt, known = tensor.Float32, true
	case "i8": // read, as PyTorch's num_batches_tracked; never written
		dt, known = tensor.Int64, true
	}
	big := h.descr[0] == '>'
	if !known || !(big || h.descr[0] == '<') {
		return nil, unsupported(name, start, "dtype %q; <f4, <f8, <i8 and their big-endian forms (float32, float64, int64) are read", h.descr)
	}
	if len(h.shape) > maxRank {
		return nil, bad(name, start, "%d dimensions, more than %d", len(h.shape), maxRank)
	}
	at := start + hlen
	n, nbytes, ok := elements(h.shape, int64(readItemSize(dt)), math.MaxInt64)
	if !ok || nbytes != size-at {
		return nil, bad(name, at, "the header's shape %s of %s needs %s data bytes, the array has %d", shape64(h.shape), h.descr, need(n, nbytes, ok), size-at)
	}
	v := newDense(dt, h.shape, n)
	if done, err := readData(r, v, big); err != nil {
		return nil, bad(name, at+done, "reading the data: %v", err)
	}
	if h.fortran {
		fromFortran(v)
	}
	return v, nil
}

// need prints the byte count a shape needs, or says it is too large.
func need(n, nbytes int64, ok bool) string {
	if !ok {
		return "more"
	}
	return fmt.Sprint(nbytes)
}

// shape64 prints a shape read from a file.
func shape64(s []int64) string {
	dims := make(tensor.Shape, len(s))
	for i, d := range s {
		dims[i] = int(d)
	}
	return shapeString(dims)
}

// clip shortens a header quoted in an error.
func clip(b []byte) []byte {
	if len(b) > 120 {
		return append(b[:117:117], "..."...)
	}
	return b
}

// npyHeader is the content of an .npy header.
type npyHeader struct {
	descr   string
	fortran bool
	shape   []int64
}

// parseNPYHeader parses an .npy header, a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded with
// spaces and ended by a newline. It returns the position of an error.
func parseNPYHeader(b []byte) (npyHeader, int, error) {
	var h npyHeader
	s := &pyScanner{b: b}
	if err := s.expect('{'); err != nil {
		return h, s.i, err
	}
	seen := map[string]bool{}
	for {
		if s.peek() == '}' {
			s.i++
			break
		}
		key, err := s.str()
		if err != nil {
			return h, s.i, err
		}
		if seen[key] {
			return h, s.i, errors.Errorf("key %q twice", key)
		}
		seen[key] = true
		if err := s.expect(':'); err != nil {
			return h, s.i, err
		}
		switch key {
		case "descr":
			h.descr, err = s.str()
			if err == nil && len(h.descr) < 2 {
				err = errors.Errorf("descr %q", h.descr)
			}
		case "fortran_order":
			h.fortran, err = s.boolean()
		case "shape":
			h.shape, err = s.tuple()
		default:
			err = errors.Errorf("unknown key %q", key)
		}
		if err != nil {
			return h, s.i, err
		}
		if s.peek() == ',' {
			s.i++
			continue
		}
		if err := s.expect('}'); err != nil {
			return h, s.i, err
		}
		break
	}
	if s.peek() != 0 {
		return h, s.i, errors.New("text after the dict")
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return h, s.i, errors.Errorf("no %q key", k)
		}
	}
	return h, s.i, nil
}

// pyScanner reads the few Python literals an .npy header holds.
type pyScanner struct {
	b []byte
	i int
}

// peek skips white space and returns the next byte, or 0 at the end.
func (s *pyScanner) peek() byte {
	for s.i < len(s.b) && strings.IndexByte(" \t\r\n", s.b[s.i]) >= 0 {
		s.i++
	}
	if s.i == len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// expect consumes the byte c after white space.
func (s *pyScanner) expect(c byte) error {
	if got := s.peek(); got != c {
		if got == 0 {
			return errors.Errorf("%q expected, the header ends", c)
		}
		return errors.Errorf("%q expected, found %q", c, got)
	}
	s.i++
	return nil
}

// str consumes a quoted string without escapes.
func (s *pyScanner) str() (string, error) {
	q := s.peek()
	if q != '\'' && q != '"' {
		return "", errors.New("a quoted string expected")
	}
	end := strings.IndexByte(string(s.b[s.i+1:]), q)
	if end < 0 {
		return "", errors.New("unterminated string")
	}
	v := string(s.b[s.i+1 : s.i+1+end])
	if strings.IndexByte(v, '\\') >= 0 {
		return "", errors.New("a string with escapes")
	}
	s.i += end + 2
	return v, nil
}

// boolean consumes True or False.
func (s *pyScanner) boolean() (bool, error) {
	s.peek()
	for _, w := range []string{"True", "False"} {
		if strings.HasPrefix(string(s.b[s.i:]), w) {
			s.i += len(w)
			return w == "True", nil
		}
	}
	return false, errors.New("True or False expected")
}

// tuple consumes a tuple of non-negative integers, such as (3, 4) or (3,)
// or (); Python 2's long suffix L is accepted.
func (s *pyScanner) tuple() ([]int64, error) {
	if err := s.expect('('); err != nil {
		return nil, err
	}
	var out []int64
	for {
		if s.peek() == ')' {
			s.i++
			return out, nil
		}
		if len(out) > maxRank {
			return nil, errors.Errorf("more than %d dimensions", maxRank)
		}
		start := s.i
		var v int64
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			if v > (1<<62)/10 {
				return nil, errors.New("a dimension too large")
			}
			v = 10*v + int64(s.b[s.i]-'0')
			s.i++
		}
		if s.i == start {
			return nil, errors.New("a non-negative integer expected")
		}
		if s.i < len(s.b) && s.b[s.i] == 'L' {
			s.i++
		}
		out = append(out, v)
		if s.peek() == ',' {
			s.i++
			continue
		}
		if err := s.expect(')'); err != nil {
			return nil, err
		}
		return out, nil
	}
}

// WriteNPY writes v to w as an .npy array in format 1.0: the magic, version
// 1.0, a little-endian uint16 header length, a header dict padded with
// spaces and ended by '\n' so that the data starts at a multiple of 64
// bytes (as NumPy writes it), then the elements little-endian in C order.
// It errors for a dtype other than float32 or float64 or a view.
func WriteNPY(w io.Writer, v *tensor.Dense) error {
	if err := checkWritable(Named{"the array", v}); err != nil {
		return err
	}
	hdr, err := npyHeaderBytes(v)
	if err != nil {
		return err
	}
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	return writeData(w, v)
}

// npyHeaderBytes returns the bytes of v's .npy file before its data; it
// errors when the header would not fit format 1.0's 16-bit length.
func npyHeaderBytes(v *tensor.Dense) ([]byte, error) {
	descr := "<f8"
	if v.Dtype() == tensor.Float32 {
		descr = "<f4"
	}
	dims := make([]string, 0, 4)
	for _, d := range v.Shape() {
		dims = append(dims, fmt.Sprint(d))
	}
	shape := strings.Join(dims, ", ")
	if len(dims) == 1 {
		shape += ","
	}
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, shape)
	pad := 63 - (10+len(header))%64 // spaces, then '\n' ends a 64-byte block
	header += strings.Repeat(" ", pad) + "\n"
	if len(header) > 0xffff {
		return nil, errors.Errorf("weights: an .npy header for shape %s is longer than 65535 bytes", shapeString(v.Shape()))
	}
	out := append([]byte(npyMagic), 1, 0)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(header)))
	return append(out, header...), nil
}
