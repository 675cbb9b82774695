package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"

	"github.com/pkg/errors"
)

// IDX magic numbers: two zero bytes, type code 0x08 (unsigned byte), then the
// number of dimensions.
const (
	IDXImagesMagic = 0x00000803 // IDXImagesMagic marks a 3-D unsigned-byte IDX file (images).
	IDXLabelsMagic = 0x00000801 // IDXLabelsMagic marks a 1-D unsigned-byte IDX file (labels).
)

// MaxIDXBytes is the largest payload (count*rows*cols bytes) the IDX readers
// accept; a header asking for more is rejected before anything is allocated.
// The full MNIST training images are 47,040,000 bytes.
const MaxIDXBytes = 1 << 31

// IDXImages is the content of an IDX image file: Count images of Rows x Cols
// unsigned bytes each, stored row-major one after another in Pixels.
type IDXImages struct {
	Count, Rows, Cols int
	Pixels            []byte // len = Count*Rows*Cols
}

// gzipMagic is the first two bytes of every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// maybeGunzip returns a reader of the decompressed data if r starts with the
// gzip magic bytes, else a reader of r's bytes unchanged.
func maybeGunzip(r io.Reader, name string) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return nil, errors.Wrapf(err, "datasets: %s: reading", name)
	}
	if !bytes.Equal(head, gzipMagic) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, errors.Wrapf(err, "datasets: %s: bad gzip header", name)
	}
	zr.Multistream(false)
	return zr, nil
}

// readIDX reads a (possibly gzip'd) IDX file with the given magic and ndims
// header dimensions, and returns the dimensions and the payload. The payload
// must hold exactly the product of the dimensions in bytes.
func readIDX(r io.Reader, name string, magic uint32, ndims int) ([]int, []byte, error) {
	if r == nil {
		return nil, nil, errors.Errorf("datasets: %s: nil reader", name)
	}
	zr, err := maybeGunzip(r, name)
	if err != nil {
		return nil, nil, err
	}
	hdr := make([]byte, 4*(1+ndims))
	if n, err := io.ReadFull(zr, hdr[:4]); err != nil {
		return nil, nil, errors.Errorf("datasets: %s: magic number: want 4 bytes, file holds %d (%s)", name, n, describeReadErr(err))
	}
	if got := binary.BigEndian.Uint32(hdr); got != magic {
		return nil, nil, errors.Errorf("datasets: %s: bad magic number 0x%08x at offset 0, want 0x%08x", name, got, magic)
	}
	if n, err := io.ReadFull(zr, hdr[4:]); err != nil {
		return nil, nil, errors.Errorf("datasets: %s: header: want %d bytes, file holds %d (%s)", name, len(hdr), 4+n, describeReadErr(err))
	}
	dims := make([]int, ndims)
	total := uint64(1)
	for i := range dims {
		v := binary.BigEndian.Uint32(hdr[4*(i+1):])
		if v == 0 {
			return nil, nil, errors.Errorf("datasets: %s: header dimension %d (offset %d) is 0", name, i, 4*(i+1))
		}
		dims[i] = int(v)
		total *= uint64(v) // cannot overflow: at most 3 factors < 2^32 checked below
		if total > MaxIDXBytes {
			return nil, nil, errors.Errorf("datasets: %s: header dimensions %v ask for more than %d bytes", name, dims[:i+1], uint64(MaxIDXBytes))
		}
	}
	// io.ReadAll grows its buffer as data arrives, so a lying header costs
	// nothing beyond the bytes really present.
	payload, err := io.ReadAll(io.LimitReader(zr, int64(total)+1))
	if err != nil {
		return nil, nil, errors.Errorf("datasets: %s: reading data at byte %d of %d after the header: %s", name, len(payload), total, describeReadErr(err))
	}
	if got := uint64(len(payload)); got < total {
		return nil, nil, errors.Errorf("datasets: %s: header dimensions %v need %d data bytes after the %d-byte header, file holds only %d",
			name, dims, total, len(hdr), got)
	} else if got > total {
		return nil, nil, errors.Errorf("datasets: %s: header dimensions %v need %d data bytes after the %d-byte header, file holds more (trailing data at byte %d)",
			name, dims, total, len(hdr), uint64(len(hdr))+total)
	}
	return dims, payload, nil
}

// describeReadErr turns the errors of a truncated or damaged gzip stream into
// words.
func describeReadErr(err error) string {
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return "unexpected end of file (truncated file or truncated gzip stream)"
	case err == gzip.ErrChecksum:
		return "gzip checksum mismatch (damaged file)"
	default:
		return err.Error()
	}
}

// ReadIDXImages reads an IDX image file (magic 0x00000803, then big-endian
// uint32 count, rows, cols, then count*rows*cols bytes), gzip'd or raw, from r;
// name is used in error messages. It returns an error naming the file and the
// place on a wrong magic number, a zero or oversized dimension, a truncated or
// damaged gzip stream, or data whose length disagrees with the header.
func ReadIDXImages(r io.Reader, name string) (*IDXImages, error) {
	dims, data, err := readIDX(r, name, IDXImagesMagic, 3)
	if err != nil {
		return nil, err
	}
	return &IDXImages{Count: dims[0], Rows: dims[1], Cols: dims[2], Pixels: data}, nil
}

// ReadIDXLabels reads an IDX label file (magic 0x00000801, big-endian uint32
// count, then count bytes), gzip'd or raw, from r; name is used in error
// messages. It returns the same kinds of errors as ReadIDXImages.
func ReadIDXLabels(r io.Reader, name string) ([]byte, error) {
	_, data, err := readIDX(r, name, IDXLabelsMagic, 1)
	return data, err
}
