package weights

import (
	"archive/zip"
	"io"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// maxDeflateRatio is the most deflate expands its input: a 258-byte match
// per two bits, about 1032 to 1.
const maxDeflateRatio = 1032

// ReadNPZ reads the arrays of an .npz archive of size bytes, as numpy.savez
// and numpy.savez_compressed write them, in the archive's order, each named
// after its member without the .npy suffix ("0.weight.npy" is "0.weight").
// It errors with a *FormatError (see the package doc) for anything but a
// zip of unique, stored or deflated .npy members that hold float32 or
// float64 arrays.
func ReadNPZ(r io.ReaderAt, size int64) ([]Named, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, bad("", -1, "not a readable zip archive: %v", err)
	}
	var out []Named
	var total int64
	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			return nil, bad(f.Name, -1, "locating the member's data: %v", err)
		}
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok || name == "" {
			return nil, unsupported(f.Name, off, "a member that is not a <name>.npy array")
		}
		if seen[name] {
			return nil, bad(f.Name, off, "a second member named %q", f.Name)
		}
		seen[name] = true
		claimed, packed := f.UncompressedSize64, f.CompressedSize64
		if packed > uint64(size) || uint64(off) > uint64(size)-packed {
			return nil, bad(f.Name, off, "%d compressed bytes claimed, past the end of the %d-byte archive", packed, size)
		}
		switch f.Method {
		case zip.Store:
			if claimed != packed {
				return nil, bad(f.Name, off, "a stored member claims %d bytes uncompressed and %d compressed", claimed, packed)
			}
		case zip.Deflate:
			if claimed/maxDeflateRatio > packed {
				return nil, bad(f.Name, off, "claims %d bytes uncompressed from %d compressed, more than deflate can expand to", claimed, packed)
			}
		default:
			return nil, unsupported(f.Name, off, "compression method %d; stored (0) and deflated (8) members are read", f.Method)
		}
		if claimed > uint64(MaxBytes) || total > MaxBytes-int64(claimed) {
			return nil, bad(f.Name, off, "%d bytes uncompressed bring the archive past the limit of %d bytes (weights.MaxBytes)", claimed, MaxBytes)
		}
		total += int64(claimed)
		v, err := readMember(f, int64(claimed))
		if err != nil {
			return nil, err
		}
		out = append(out, Named{Name: name, Value: v})
	}
	return out, nil
}

// readMember reads the .npy array of zip member f, of n bytes uncompressed,
// and checks the member's CRC-32.
func readMember(f *zip.File, n int64) (*tensor.Dense, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, bad(f.Name, -1, "opening the member: %v", err)
	}
	defer rc.Close()
	v, err := readNPY(rc, n, f.Name)
	if err != nil {
		return nil, err
	}
	var one [1]byte
	if k, err := io.ReadFull(rc, one[:]); k != 0 || err != io.EOF {
		return nil, bad(f.Name, n, "after the array's %d bytes: %v", n, err)
	}
	return v, nil
}

// WriteNPZ writes ts to w as an .npz archive that numpy.load reads: a zip
// of one stored <name>.npy per tensor (WriteNPY's format), in ts's order,
// with no timestamps, so that the bytes depend on the tensors alone. It
// errors for an empty or repeated name, a dtype other than float32 or
// float64, a view, or w's error.
func WriteNPZ(w io.Writer, ts []Named) error {
	if err := checkNames(ts); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, t := range ts {
		if err := checkWritable(t); err != nil {
			return err
		}
		hdr, err := npyHeaderBytes(t.Value)
		if err != nil {
			return err
		}
		m, err := zw.CreateHeader(&zip.FileHeader{Name: t.Name + ".npy", Method: zip.Store})
		if err == nil {
			_, err = m.Write(hdr)
		}
		if err == nil {
			err = writeData(m, t.Value)
		}
		if err != nil {
			return errors.Wrapf(err, "weights: writing %s", t.Name)
		}
	}
	return errors.Wrap(zw.Close(), "weights: writing the zip directory")
}
