package weights

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"sort"
	"unicode/utf8"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// metadataKey is the header entry that holds the file's string metadata.
const metadataKey = "__metadata__"

// stDtypes maps the safetensors dtypes this package reads to tensor's.
// I64 is read (PyTorch writes a batch norm's num_batches_tracked as one)
// but never written: nothing in chainrule is int64.
var stDtypes = map[string]tensor.Dtype{"F32": tensor.Float32, "F64": tensor.Float64, "I64": tensor.Int64}

// stOther lists the other dtypes of the format, refused by name.
var stOther = map[string]bool{
	"BOOL": true, "U8": true, "I8": true, "I16": true, "U16": true, "F16": true, "BF16": true,
	"I32": true, "U32": true, "U64": true, "F8_E5M2": true, "F8_E4M3": true,
	"F8_E8M0": true, "F4": true, "F6_E2M3": true, "F6_E3M2": true, "C64": true,
}

// stEntry is one tensor's entry in a safetensors header.
type stEntry struct {
	Dtype       *string  `json:"dtype"`
	Shape       *[]int64 `json:"shape"`
	DataOffsets *[]int64 `json:"data_offsets"`
}

// stTensor is a checked header entry.
type stTensor struct {
	name       string
	dtype      tensor.Dtype
	shape      []int64
	n          int64
	begin, end int64 // in the data section
	at         int64 // offset of the entry in the file, for errors
}

// ReadSafetensors reads the tensors of a safetensors file of size bytes,
// in the order of their data, and the header's __metadata__ (nil when
// there is none). It errors with a *FormatError (see the package doc) for
// a file that breaks the format, a header that lies about the data, or a
// dtype other than F32 and F64.
func ReadSafetensors(r io.ReaderAt, size int64) ([]Named, map[string]string, error) {
	ts, meta, data, err := readSafetensorsHeader(r, size)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Named, len(ts))
	for i, t := range ts {
		v := newDense(t.dtype, t.shape, t.n)
		sr := io.NewSectionReader(r, data+t.begin, t.end-t.begin)
		if done, err := readData(sr, v, false); err != nil {
			return nil, nil, bad(t.name, data+t.begin+done, "reading the data: %v", err)
		}
		out[i] = Named{Name: t.name, Value: v}
	}
	return out, meta, nil
}

// readSafetensorsHeader reads and checks the header of a safetensors file
// and returns its tensors sorted by offset, its metadata and the offset of
// the data section.
func readSafetensorsHeader(r io.ReaderAt, size int64) ([]stTensor, map[string]string, int64, error) {
	var pre [8]byte
	if size < 8 {
		return nil, nil, 0, bad("", 0, "%d bytes, shorter than the 8-byte header length", size)
	}
	if _, err := r.ReadAt(pre[:], 0); err != nil {
		return nil, nil, 0, bad("", 0, "reading the header length: %v", err)
	}
	n := binary.LittleEndian.Uint64(pre[:])
	if n > uint64(MaxHeaderBytes) {
		return nil, nil, 0, bad("", 0, "header length %d exceeds the limit of %d bytes (weights.MaxHeaderBytes)", n, MaxHeaderBytes)
	}
	if n > uint64(size-8) {
		return nil, nil, 0, bad("", 0, "header length %d exceeds the %d bytes after it", n, size-8)
	}
	hdr := make([]byte, n)
	if n == 0 {
		return nil, nil, 0, bad("", 8, "the header is empty")
	}
	if _, err := r.ReadAt(hdr, 8); err != nil {
		return nil, nil, 0, bad("", 8, "reading the %d-byte header: %v", n, err)
	}
	if n == 0 || hdr[0] != '{' {
		return nil, nil, 0, bad("", 8, "the header does not start with '{'")
	}
	if !utf8.Valid(hdr) {
		return nil, nil, 0, bad("", 8, "the header is not valid UTF-8")
	}
	ts, meta, err := parseSafetensorsHeader(hdr)
	if err != nil {
		return nil, nil, 0, err
	}
	data := 8 + int64(n)
	if err := checkLayout(ts, data, size-data); err != nil {
		return nil, nil, 0, err
	}
	return ts, meta, data, nil
}

// parseSafetensorsHeader parses the JSON header: one object of unique keys,
// the tensors' entries and at most one __metadata__ of strings. Error
// offsets count from the start of the file.
func parseSafetensorsHeader(hdr []byte) ([]stTensor, map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(hdr))
	at := func() int64 { return 8 + dec.InputOffset() }
	jsonErr := func(err error) error { return bad("", at(), "the JSON header: %v", err) }
	if _, err := dec.Token(); err != nil { // '{', checked by the caller
		return nil, nil, jsonErr(err)
	}
	var ts []stTensor
	var meta map[string]string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, jsonErr(err)
		}
		name := tok.(string) // object keys are strings
		if seen[name] {
			return nil, nil, bad(name, at(), "a second entry with this name")
		}
		seen[name] = true
		start := at()
		if name == metadataKey {
			if err := strictDecode(dec, &meta); err != nil {
				return nil, nil, bad(name, start, "__metadata__ must map strings to strings: %v", err)
			}
			continue
		}
		var e stEntry
		if err := strictDecode(dec, &e); err != nil {
			return nil, nil, bad(name, start, "the entry: %v", err)
		}
		t, err := checkEntry(name, e, start)
		if err != nil {
			return nil, nil, err
		}
		ts = append(ts, t)
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, nil, jsonErr(err)
	}
	if rest := bytes.TrimLeft(hdr[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return nil, nil, bad("", at(), "text after the JSON header's object")
	}
	return ts, meta, nil
}

// strictDecode decodes the next JSON value into v, refusing unknown fields
// and, in an object, a key given twice (encoding/json would keep the last).
func strictDecode(dec *json.Decoder, v any) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	if err := uniqueKeys(raw); err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// uniqueKeys errors when raw is an object with a key given twice.
func uniqueKeys(raw json.RawMessage) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return err // not an object: Decode says what it is
	}
	seen := map[string]bool{}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		k := tok.(string)
		if seen[k] {
			return errors.Errorf("the key %q twice", k)
		}
		seen[k] = true
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			return err
		}
	}
	return nil
}

// checkEntry checks one tensor's entry (off is its offset in the file).
func checkEntry(name string, e stEntry, off int64) (stTensor, error) {
	t := stTensor{name: name, at: off}
	if e.Dtype == nil || e.Shape == nil || e.DataOffsets == nil {
		return t, bad(name, off, "an entry needs dtype, shape and data_offsets")
	}
	dt, ok := stDtypes[*e.Dtype]
	switch {
	case !ok && stOther[*e.Dtype]:
		return t, unsupported(name, off, "dtype %s; F32, F64 and I64 are read (convert with .float() or .double() in PyTorch)", *e.Dtype)
	case !ok:
		return t, bad(name, off, "unknown dtype %q", *e.Dtype)
	}
	t.dtype, t.shape = dt, *e.Shape
	if len(t.shape) > maxRank {
		return t, bad(name, off, "%d dimensions, more than %d", len(t.shape), maxRank)
	}
	o := *e.DataOffsets
	if len(o) != 2 || o[0] < 0 || o[1] < o[0] {
		return t, bad(name, off, "data_offsets %v: want [begin, end] with 0 <= begin <= end", o)
	}
	t.begin, t.end = o[0], o[1]
	n, nbytes, ok := elements(t.shape, int64(readItemSize(dt)), math.MaxInt64)
	if !ok || nbytes != t.end-t.begin {
		return t, bad(name, off, "shape %s of %s needs %s bytes, data_offsets [%d, %d] hold %d", shape64(t.shape), *e.Dtype, need(n, nbytes, ok), t.begin, t.end, t.end-t.begin)
	}
	t.n = n
	return t, nil
}

// checkLayout sorts ts by offset and checks that they tile the data
// section, of size bytes from offset data in the file, exactly: no gap, no
// overlap, nothing past its end.
func checkLayout(ts []stTensor, data, size int64) error {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].begin != ts[j].begin {
			return ts[i].begin < ts[j].begin
		}
		return ts[i].end < ts[j].end
	})
	var pos int64
	prev := ""
	for _, t := range ts {
		switch {
		case t.end > size:
			return bad(t.name, t.at, "data_offsets [%d, %d] end past the %d-byte data section", t.begin, t.end, size)
		case t.begin > pos:
			return bad(t.name, t.at, "a gap of %d bytes in the data section before this tensor's data_offsets [%d, %d]", t.begin-pos, t.begin, t.end)
		case t.begin < pos:
			return bad(t.name, t.at, "data_offsets [%d, %d] overlap %q's, which end at %d", t.begin, t.end, prev, pos)
		}
		pos, prev = t.end, t.name
	}
	if pos != size {
		return bad("", data+pos, "the tensors' data ends at %d, the data section holds %d bytes", pos, size)
	}
	return nil
}
