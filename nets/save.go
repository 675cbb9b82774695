package nets

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// The model file format, version 1 (all integers little-endian):
//
//	magic    15 bytes  "CHAINRULE-MODEL"
//	version  uint32    1
//	length   uint64    number of body bytes
//	body:
//	  spec     uint32 length, then the Spec as JSON
//	  dtype    uint8 length, then "float64" or "float32"
//	  count    uint32 number of tensors
//	  tensors  per tensor: uint16 name length, name, uint8 rank, rank × uint32
//	           dimensions, then the elements (8 or 4 bytes each, IEEE 754)
//	crc      uint32    CRC-32 (IEEE) of everything before it
const (
	Magic         = "CHAINRULE-MODEL"
	FormatVersion = 1
	headerLen     = len(Magic) + 4 + 8
)

// Save writes net (its Spec and every param) to path atomically: it writes
// a temporary file in the same directory, syncs it, renames it over path and
// syncs the directory, so a reader sees the old file or the new one, never
// a mix. It refuses to save weights holding NaN or infinities, and errors
// when the file cannot be written.
func Save(net Network, path string) error {
	if net == nil {
		return errors.New("nets: Save: nil network")
	}
	data, err := Encode(net)
	if err != nil {
		return err
	}
	return writeAtomic(path, data)
}

// Encode returns the bytes Save writes. It errors when net is nil or a
// param holds NaN or an infinity.
func Encode(net Network) ([]byte, error) {
	if net == nil {
		return nil, errors.New("nets: Encode: nil network")
	}
	spec, err := json.Marshal(net.Spec())
	if err != nil {
		return nil, errors.Wrap(err, "nets: encoding the spec")
	}
	var body bytes.Buffer
	le := binary.LittleEndian
	body.Write(le.AppendUint32(nil, uint32(len(spec))))
	body.Write(spec)
	dt := string(net.Spec().Dtype)
	body.WriteByte(byte(len(dt)))
	body.WriteString(dt)
	ps := net.Params()
	body.Write(le.AppendUint32(nil, uint32(len(ps))))
	for _, p := range ps {
		if err := appendTensor(&body, p); err != nil {
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

func appendTensor(b *bytes.Buffer, p Param) error {
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, uint16(len(p.Name))))
	b.WriteString(p.Name)
	shape := p.Value.Shape()
	b.WriteByte(byte(len(shape)))
	for _, d := range shape {
		b.Write(le.AppendUint32(nil, uint32(d)))
	}
	var buf []byte
	switch p.Value.Dtype() {
	case tensor.Float64:
		for i, v := range p.Value.Float64s() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.Errorf("nets: Save: %s[%d] is %v; refusing to save a broken model", p.Name, i, v)
			}
			buf = le.AppendUint64(buf, math.Float64bits(v))
		}
	case tensor.Float32:
		for i, v := range p.Value.Float32s() {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return errors.Errorf("nets: Save: %s[%d] is %v; refusing to save a broken model", p.Name, i, v)
			}
			buf = le.AppendUint32(buf, math.Float32bits(v))
		}
	default:
		return errors.Errorf("nets: Save: %s has dtype %v", p.Name, p.Value.Dtype())
	}
	b.Write(buf)
	return nil
}

// writeData writes data to the temporary file; the kill test replaces it
// with a slow writer so that a SIGKILL lands in the middle of a save.
var writeData = func(f *os.File, data []byte) error {
	_, err := f.Write(data)
	return err
}

// writeAtomic writes data to a temporary file next to path (named
// .<base>.tmp-<random>), syncs it, renames it to path and syncs the
// directory. A failed write removes the temporary file; a process killed
// mid-save leaves it behind (path itself is untouched), and later saves
// are not affected by it since each uses a fresh name.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return errors.Wrap(err, "nets: Save")
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err = writeData(f, data); err == nil {
		err = f.Chmod(0o644) // CreateTemp makes 0600; a model is a shareable file
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return errors.Wrap(err, "nets: Save")
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // not every file system can sync a directory
		_ = d.Close()
	}
	return nil
}
