package weights

import (
	"bytes"
	"io"
	"os"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/internal/atomicfile"
)

// ReadNPZFile is ReadNPZ of the file at path; its errors name the file.
func ReadNPZFile(path string) ([]Named, error) {
	var ts []Named
	err := withFile(path, func(r io.ReaderAt, size int64) (err error) {
		ts, err = ReadNPZ(r, size)
		return err
	})
	return ts, inFile(err, path)
}

// ReadSafetensorsFile is ReadSafetensors of the file at path; its errors
// name the file.
func ReadSafetensorsFile(path string) ([]Named, map[string]string, error) {
	var ts []Named
	var meta map[string]string
	err := withFile(path, func(r io.ReaderAt, size int64) (err error) {
		ts, meta, err = ReadSafetensors(r, size)
		return err
	})
	return ts, meta, inFile(err, path)
}

// WriteNPZFile writes ts to path with WriteNPZ, atomically (see package
// internal/atomicfile: a reader sees the old file or the complete new one).
// Its errors are WriteNPZ's or the file system's, prefixed with path.
func WriteNPZFile(path string, ts []Named) error {
	return errors.Wrap(atomicfile.Write(path, func(w io.Writer) error { return WriteNPZ(w, ts) }), path)
}

// WriteSafetensorsFile writes ts and meta to path with WriteSafetensors,
// atomically like WriteNPZFile.
func WriteSafetensorsFile(path string, ts []Named, meta map[string]string) error {
	return errors.Wrap(atomicfile.Write(path, func(w io.Writer) error { return WriteSafetensors(w, ts, meta) }), path)
}

// withFile calls read with the file at path and its size. A regular file
// is read in place; anything else (a pipe, a device) is read into memory
// first, up to MaxBytes.
func withFile(path string, read func(io.ReaderAt, int64) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return errors.New("a directory")
	}
	if fi.Mode().IsRegular() {
		return read(f, fi.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > MaxBytes {
		return errors.Errorf("not a regular file, and longer than the limit of %d bytes (weights.MaxBytes)", MaxBytes)
	}
	return read(bytes.NewReader(data), int64(len(data)))
}
