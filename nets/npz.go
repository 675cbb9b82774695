package nets

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// SaveNPZ exports net's params to path as a NumPy .npz archive, so that the
// weights can be used elsewhere: numpy.load(path)["W1"] is the param W1.
// The archive is a zip of one uncompressed <name>.npy per param, in Params
// order. The file holds the weights only, not the Spec: Load cannot read it.
// It is written atomically like Save (stale temporary files of killed
// exports are removed the same way), and SaveNPZ errors like Save (a param
// holding NaN or an infinity, a file that cannot be written).
func SaveNPZ(net Network, path string) error {
	if net == nil {
		return errors.New("nets: SaveNPZ: nil network")
	}
	data, err := EncodeNPZ(net)
	if err != nil {
		return err
	}
	return errors.Wrap(writeAtomic(path, data), "nets: SaveNPZ")
}

// EncodeNPZ returns the bytes SaveNPZ writes, and errors like it. The bytes depend on the
// weights alone (the zip entries carry no timestamp).
func EncodeNPZ(net Network) ([]byte, error) {
	if net == nil {
		return nil, errors.New("nets: EncodeNPZ: nil network")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range net.Params() {
		npy, err := appendNPY(nil, p)
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name + ".npy", Method: zip.Store})
		if err == nil {
			_, err = w.Write(npy)
		}
		if err != nil {
			return nil, errors.Wrapf(err, "nets: EncodeNPZ: %s", p.Name)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, errors.Wrap(err, "nets: EncodeNPZ")
	}
	return buf.Bytes(), nil
}

// appendNPY appends p's value to dst in NPY format 1.0: the magic
// "\x93NUMPY", version 1.0, a little-endian uint16 header length, a header
// dict padded with spaces and ended by '\n' so that the data starts at a
// multiple of 64 bytes (as NumPy writes it), then the elements in C order.
//
// gorgonia.org/tensor's Dense.WriteNpy is not used: its header has no
// terminating newline (the format requires one), is aligned to 16 bytes
// rather than 64, and it writes every element through binary.Write on an
// interface value, far too slow for megabytes of weights.
func appendNPY(dst []byte, p Param) ([]byte, error) {
	le := binary.LittleEndian
	var descr string
	switch p.Value.Dtype() {
	case tensor.Float64:
		descr = "<f8"
	case tensor.Float32:
		descr = "<f4"
	default:
		return nil, errors.Errorf("nets: EncodeNPZ: %s has dtype %v", p.Name, p.Value.Dtype())
	}
	if !contiguous(p.Value) {
		return nil, errors.Errorf("nets: EncodeNPZ: %s is a view (its elements are not stored in row-major order); export a materialised copy", p.Name)
	}
	dims := make([]string, 0, 4)
	for _, d := range p.Value.Shape() {
		dims = append(dims, fmt.Sprint(d))
	}
	shape := strings.Join(dims, ", ")
	if len(dims) == 1 {
		shape += ","
	}
	header := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, shape)
	pad := 63 - (10+len(header))%64 // spaces, then '\n' ends a 64-byte block
	header += strings.Repeat(" ", pad) + "\n"
	dst = append(dst, "\x93NUMPY\x01\x00"...)
	dst = le.AppendUint16(dst, uint16(len(header)))
	dst = append(dst, header...)
	if p.Value.Dtype() == tensor.Float32 {
		for i, v := range p.Value.Float32s() {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, errors.Errorf("nets: EncodeNPZ: %s[%d] is %v; refusing to export a broken model", p.Name, i, v)
			}
			dst = le.AppendUint32(dst, math.Float32bits(v))
		}
		return dst, nil
	}
	for i, v := range p.Value.Float64s() {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.Errorf("nets: EncodeNPZ: %s[%d] is %v; refusing to export a broken model", p.Name, i, v)
		}
		dst = le.AppendUint64(dst, math.Float64bits(v))
	}
	return dst, nil
}
