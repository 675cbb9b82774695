package nets

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"reflect"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/atomicfile"
)

// The model file format, version 2 (all integers little-endian):
//
//	magic    15 bytes  "CHAINRULE-MODEL"
//	version  uint32    2
//	length   uint64    number of body bytes
//	body:
//	  flags    uint8  bit 0: params only (SaveParams; Load refuses the file)
//	  type     uint8 length, then the network's Go type (%T), for messages
//	  spec     uint32 length, then the Spec as JSON
//	  settings uint32 length, then the caller's settings as JSON (0: none)
//	  dtype    uint8 length, then "float64" or "float32"
//	  count    uint32 number of tensors
//	  tensors  per tensor: uint16 name length, name, uint8 rank, rank × uint32
//	           dimensions, then the elements (8 or 4 bytes each, IEEE 754)
//	crc      uint32    CRC-32 (IEEE) of everything before it
//
// Version 1, still read, has the same header and checksum and a body of
// spec, dtype, count and tensors only (no flags, type or settings).
const (
	Magic         = "CHAINRULE-MODEL"
	FormatVersion = 2
	headerLen     = len(Magic) + 4 + 8
)

// flagParamsOnly marks a file written by SaveParams.
const flagParamsOnly = 1

// Save writes net (its Spec and every param) to path atomically: it writes
// a temporary file in the same directory, syncs it, renames it over path and
// syncs the directory, so a reader sees the old file or the new one, never
// a mix; stale temporary files of killed saves to path are removed first
// (the rule is internal/atomicfile's: see docs/nets.md). It refuses, saying
// why, a network Load could not rebuild exactly: one that nets.New did not
// make (a custom forward pass; use SaveParams), or whose params no longer
// match its spec. It also refuses weights holding NaN or infinities, and
// errors when the file cannot be written; on error path is untouched.
func Save(net Network, path string) error {
	return SaveWith(net, path, nil)
}

// SaveWith is Save storing settings, a JSON document (nil for none), in
// the same file, so that the model and whatever its user needs to use it
// (the CLI keeps the data set, split seed and classes there) are written
// together, atomically. LoadWith returns them.
func SaveWith(net Network, path string, settings json.RawMessage) error {
	data, err := EncodeWith(net, settings)
	if err != nil {
		return err
	}
	return errors.Wrap(writeAtomic(path, data), "nets: Save")
}

// SaveParams writes the params of any network, also one nets.New did not
// make, atomically like Save, in a file marked as holding params only:
// LoadInto reads it into a network with the same params (names, order,
// dtype, shapes) and the same Spec, while Load refuses it (ErrParamsOnly),
// since nets cannot rebuild a forward pass it does not know. All params
// must have one dtype, float64 or float32, and be contiguous (not views).
func SaveParams(net Network, path string) error {
	if isNil(net) {
		return errors.New("nets: SaveParams: nil network")
	}
	data, err := encode(net, nil, true)
	if err != nil {
		return errors.Wrap(err, "nets: SaveParams")
	}
	return errors.Wrap(writeAtomic(path, data), "nets: SaveParams")
}

// Encode returns the bytes Save writes, and errors like it.
func Encode(net Network) ([]byte, error) {
	return EncodeWith(net, nil)
}

// EncodeWith returns the bytes SaveWith writes, and errors like it.
func EncodeWith(net Network, settings json.RawMessage) ([]byte, error) {
	if isNil(net) {
		return nil, errors.New("nets: Save: nil network")
	}
	if err := builtByNew(net); err != nil {
		return nil, errors.Wrap(err, "nets: Save: refusing")
	}
	data, err := encode(net, settings, false)
	return data, errors.Wrap(err, "nets: Save")
}

// isNil reports whether net is nil or a nil pointer.
func isNil(net Network) bool {
	if net == nil {
		return true
	}
	v := reflect.ValueOf(net)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// encode writes a format-2 file of net's params.
func encode(net Network, settings json.RawMessage, paramsOnly bool) ([]byte, error) {
	if len(settings) > 0 && !json.Valid(settings) {
		return nil, errors.New("the settings are not valid JSON")
	}
	spec, err := json.Marshal(net.Spec())
	if err != nil {
		return nil, errors.Wrap(err, "encoding the spec")
	}
	ps := stored(net)
	dt := string(net.Spec().Dtype)
	if paramsOnly {
		dt = string(Float64)
		if len(ps) > 0 && ps[0].Value != nil && ps[0].Value.Dtype() == tensor.Float32 {
			dt = string(Float32)
		}
	}
	var body bytes.Buffer
	le := binary.LittleEndian
	flags := byte(0)
	if paramsOnly {
		flags |= flagParamsOnly
	}
	body.WriteByte(flags)
	typ := fmt.Sprintf("%T", net)
	typ = typ[:min(len(typ), 255)]
	body.WriteByte(byte(len(typ)))
	body.WriteString(typ)
	body.Write(le.AppendUint32(nil, uint32(len(spec))))
	body.Write(spec)
	body.Write(le.AppendUint32(nil, uint32(len(settings))))
	body.Write(settings)
	body.WriteByte(byte(len(dt)))
	body.WriteString(dt)
	body.Write(le.AppendUint32(nil, uint32(len(ps))))
	for _, p := range ps {
		if err := appendTensor(&body, p, Dtype(dt).Tensor()); err != nil {
			return nil, err
		}
	}
	out := make([]byte, 0, headerLen+body.Len()+4)
	out = append(out, Magic...)
	out = le.AppendUint32(out, FormatVersion)
	out = le.AppendUint64(out, uint64(body.Len()))
	out = append(out, body.Bytes()...)
	return le.AppendUint32(out, crc32.ChecksumIEEE(out)), nil
}

// appendTensor appends p, which must have dtype dt, to b; it errors on
// what the format cannot hold or Load would refuse.
func appendTensor(b *bytes.Buffer, p Param, dt tensor.Dtype) error {
	switch {
	case p.Value == nil:
		return errors.Errorf("param %q has no value", p.Name)
	case len(p.Name) > math.MaxUint16:
		return errors.Errorf("param name of %d bytes, the format holds at most %d", len(p.Name), math.MaxUint16)
	case p.Value.Dtype() != dt:
		return errors.Errorf("%s has dtype %v, the other params %v", p.Name, p.Value.Dtype(), dt)
	case !contiguous(p.Value):
		return errors.Errorf("%s is a view (its elements are not stored in row-major order); save a materialised copy", p.Name)
	}
	le := binary.LittleEndian
	shape := p.Value.Shape()
	if len(shape) > maxRank {
		return errors.Errorf("%s has rank %d, the format holds at most %d", p.Name, len(shape), maxRank)
	}
	b.Write(le.AppendUint16(nil, uint16(len(p.Name))))
	b.WriteString(p.Name)
	b.WriteByte(byte(len(shape)))
	for _, d := range shape {
		if d < 1 || d > math.MaxUint32 {
			return errors.Errorf("%s has dimension %d, the format holds 1 to %d", p.Name, d, uint32(math.MaxUint32))
		}
		b.Write(le.AppendUint32(nil, uint32(d)))
	}
	var buf []byte
	switch dt {
	case tensor.Float64:
		for i, v := range p.Value.Float64s() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.Errorf("%s[%d] is %v; refusing to save a broken model", p.Name, i, v)
			}
			buf = le.AppendUint64(buf, math.Float64bits(v))
		}
	case tensor.Float32:
		for i, v := range p.Value.Float32s() {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return errors.Errorf("%s[%d] is %v; refusing to save a broken model", p.Name, i, v)
			}
			buf = le.AppendUint32(buf, math.Float32bits(v))
		}
	default:
		return errors.Errorf("%s has dtype %v", p.Name, p.Value.Dtype())
	}
	b.Write(buf)
	return nil
}

// writeData writes data to the temporary file; the kill test replaces it
// with a slow writer so that a SIGKILL lands in the middle of a save.
var writeData = func(w io.Writer, data []byte) error {
	_, err := w.Write(data)
	return err
}

// writeAtomic writes data to path with internal/atomicfile: a temporary
// file next to path (named .<base>.tmp-<digits>), synced, renamed to path,
// the directory synced. A failed write removes the temporary file; one left
// by a killed process is removed by a later save to path once it is stale
// (see internal/atomicfile).
func writeAtomic(path string, data []byte) error {
	return atomicfile.Write(path, func(w io.Writer) error { return writeData(w, data) })
}
