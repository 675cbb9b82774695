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
// accept: a header asking for more is rejected before anything is read past
// it, with an error that names this variable. The default, 256 MiB, holds
// MNIST (47,040,000 bytes), Fashion-MNIST and the EMNIST digits, letters and
// balanced splits; ReadMNIST turns every byte into a float64, so a file at the
// limit becomes a 2 GiB X. A caller that means to read more raises it before
// reading (it is read, not written, by the readers, so set it once at start-up
// rather than while other goroutines read).
var MaxIDXBytes int64 = 1 << 28

// idxChunk is the first buffer size of an IDX payload and the unit it grows
// from: a header's count sets only the cap of the growth, never the first
// allocation.
const idxChunk = 1 << 16

// idxMaxChunk is the largest chunk readPayload allocates at once.
const idxMaxChunk = 1 << 22

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
// must hold exactly the product of the dimensions in bytes, at most
// MaxIDXBytes.
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
	limit := uint64(max(MaxIDXBytes, 0))
	total := uint64(1)
	for i := range dims {
		v := binary.BigEndian.Uint32(hdr[4*(i+1):])
		if v == 0 {
			return nil, nil, errors.Errorf("datasets: %s: header dimension %d (offset %d) is 0", name, i, 4*(i+1))
		}
		dims[i] = int(v)
		total *= uint64(v) // cannot overflow: at most 3 factors < 2^32, checked below
		if total > limit {
			return nil, nil, errors.Errorf("datasets: %s: header dimensions %v (offsets 4 to %d) ask for more than "+
				"datasets.MaxIDXBytes = %d data bytes; raise MaxIDXBytes to read a larger file",
				name, dims[:i+1], 4*(i+2)-1, limit)
		}
	}
	chunks, got, err := readChunks(zr, total)
	if err != nil {
		return nil, nil, errors.Errorf("datasets: %s: reading data at byte offset %d (data byte %d of %d): %s",
			name, uint64(len(hdr))+got, got, total, describeReadErr(err))
	}
	if got < total {
		return nil, nil, errors.Errorf("datasets: %s: header dimensions %v need %d data bytes after the %d-byte header, "+
			"file holds only %d (it ends at byte offset %d)", name, dims, total, len(hdr), got, uint64(len(hdr))+got)
	}
	var one [1]byte
	if n, _ := io.ReadFull(zr, one[:]); n > 0 {
		return nil, nil, errors.Errorf("datasets: %s: header dimensions %v need %d data bytes after the %d-byte header, "+
			"file holds more (trailing data at byte %d)", name, dims, total, len(hdr), uint64(len(hdr))+total)
	}
	return dims, joinChunks(chunks, total), nil
}

// readChunks reads up to total bytes of r in chunks that start at idxChunk
// bytes and double up to idxMaxChunk, each allocated only once the one before
// it is full: a header that claims more than the file holds costs the bytes
// really present plus at most one chunk. It returns the chunks and how many
// bytes they hold; a short read is not an error, a failing read is.
func readChunks(r io.Reader, total uint64) ([][]byte, uint64, error) {
	var chunks [][]byte
	got, size := uint64(0), uint64(idxChunk)
	for got < total {
		c := make([]byte, min(size, total-got))
		n, err := readFull(r, c)
		got += uint64(n)
		chunks = append(chunks, c[:n])
		if err == io.EOF {
			return chunks, got, nil
		}
		if err != nil {
			return chunks, got, err
		}
		size = min(2*size, idxMaxChunk)
	}
	return chunks, got, nil
}

// joinChunks returns the chunks as one slice of total bytes, copying only
// when there is more than one.
func joinChunks(chunks [][]byte, total uint64) []byte {
	if len(chunks) == 1 {
		return chunks[0]
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}

// readFull fills b from r like io.ReadFull, but returns io.EOF for any short
// read that ends cleanly, keeping io.ErrUnexpectedEOF for a stream (gzip)
// that reports its own truncation.
func readFull(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			if n == len(b) && err == io.EOF {
				return n, nil
			}
			return n, err
		}
	}
	return n, nil
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
// place on a wrong magic number, a zero dimension, a payload above
// MaxIDXBytes, a truncated or damaged gzip stream, or data whose length
// disagrees with the header. Its buffer grows with the data actually read,
// never from the header's count alone.
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
