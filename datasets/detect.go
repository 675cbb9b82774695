package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pkg/errors"
)

// Format is a kind of dataset file or directory recognised by DetectFormat.
type Format int

// The formats DetectFormat tells apart.
const (
	FormatUnknown        Format = iota // not recognised (DetectFormat then errors)
	FormatMNISTDir                     // a directory holding MNIST IDX image and label files
	FormatFER2013                      // a FER2013 CSV (emotion,pixels,Usage)
	FormatKeypointsTrain               // a facial-keypoints training CSV (30 coordinates + Image)
	FormatKeypointsTest                // a facial-keypoints test CSV (ImageId,Image)
)

// String returns a short name for the format.
func (f Format) String() string {
	switch f {
	case FormatMNISTDir:
		return "mnist-idx-dir"
	case FormatFER2013:
		return "fer2013-csv"
	case FormatKeypointsTrain:
		return "keypoints-train-csv"
	case FormatKeypointsTest:
		return "keypoints-test-csv"
	}
	return "unknown"
}

// IDX magic numbers of MNIST label (1-D unsigned byte) and image (3-D) files.
const (
	idxMagicLabels = 0x00000801
	idxMagicImages = 0x00000803
)

// maxDetectEntries bounds how many directory entries DetectFormat inspects.
const maxDetectEntries = 1000

// maxHeaderPrefix is the most DetectReader reads before deciding: a CSV
// header line is far shorter.
const maxHeaderPrefix = 1 << 16

// DetectFormat inspects the content at path, not its name: for a directory,
// the first bytes of its files (gzip-compressed or not, symbolic links
// followed) must include an MNIST IDX image file (magic 0x00000803) and a
// label file (0x00000801); for a file (gzip-compressed or not), the CSV
// header line decides between FER2013, keypoints training and keypoints test
// (see DetectReader). It errors if path cannot be read or its content matches
// none of these formats, saying what it found. A file is opened and read up
// to its header; to read a stream (a pipe, "<(cat f.csv)") only once, open it
// yourself and use DetectReader.
func DetectFormat(path string) (Format, error) {
	info, err := os.Stat(path)
	if err != nil {
		return FormatUnknown, errors.Wrap(err, "datasets")
	}
	if info.IsDir() {
		return detectDir(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return FormatUnknown, errors.Wrap(err, "datasets")
	}
	defer f.Close()
	format, _, err := DetectReader(f, path)
	return format, err
}

// DetectReader decides the format of a file's content from a buffered prefix
// of r (at most 64 KiB, up to the end of the first line), decompressing it
// first if it starts with the gzip magic bytes 1f 8b, and returns the format
// and a reader of the whole decompressed content, prefix included, to load
// from: r is read once, so a pipe works. name is used in errors. It errors,
// like DetectFormat, on a single IDX file, an input that is not CSV or a CSV
// header of no known format; the returned reader is then nil.
func DetectReader(r io.Reader, name string) (Format, io.Reader, error) {
	if r == nil {
		return FormatUnknown, nil, errors.Errorf("datasets: %s: nil reader", name)
	}
	raw := bufio.NewReader(r)
	var src io.Reader = raw
	if magic, _ := raw.Peek(2); bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			return FormatUnknown, nil, errors.Wrapf(err, "datasets: %s: bad gzip header", name)
		}
		src = zr
	}
	br := bufio.NewReaderSize(src, maxHeaderPrefix)
	var head []byte
	var err error
	for n := 512; ; n *= 2 {
		head, err = br.Peek(min(n, maxHeaderPrefix))
		if err != nil || bytes.IndexByte(head, '\n') >= 0 || n >= maxHeaderPrefix {
			break
		}
	}
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return FormatUnknown, nil, errors.Errorf("datasets: %s: reading the first line: %s", name, describeReadErr(err))
	}
	format, err := formatOfHead(head, name)
	if err != nil {
		return FormatUnknown, nil, err
	}
	return format, br, nil
}

// formatOfHead decides the format from the first bytes of a decompressed
// file.
func formatOfHead(head []byte, name string) (Format, error) {
	if m := idxMagic(head); m == idxMagicImages || m == idxMagicLabels {
		return FormatUnknown, errors.Errorf("datasets: %s is a single IDX file; pass the directory holding the MNIST image and label files", name)
	}
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return FormatUnknown, errors.Errorf("datasets: %s: first line is not a CSV header", name)
	}
	for i, f := range rec {
		rec[i] = strings.TrimSpace(strings.TrimPrefix(f, "\ufeff"))
	}
	got := strings.Join(rec, ",")
	switch {
	case got == keypointsHeader():
		return FormatKeypointsTrain, nil
	case got == "ImageId,Image":
		return FormatKeypointsTest, nil
	}
	sorted := append([]string(nil), rec...)
	sort.Strings(sorted)
	if strings.Join(sorted, ",") == "Usage,emotion,pixels" {
		return FormatFER2013, nil
	}
	return FormatUnknown, errors.Errorf("datasets: %s: unrecognised CSV header %q (expected FER2013 emotion,pixels,Usage, "+
		"keypoints training left_eye_center_x,...,Image or keypoints test ImageId,Image)", name, clip(got, 80))
}

// detectDir looks for an IDX image file and an IDX label file in dir,
// following symbolic links to regular files.
func detectDir(dir string) (Format, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return FormatUnknown, errors.Wrap(err, "datasets")
	}
	images, labels := 0, 0
	for i, e := range entries {
		if i >= maxDetectEntries {
			break
		}
		p := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() {
			// Follow a symbolic link to a regular file; never open a
			// directory, device or pipe, which could block or read forever.
			if e.Type()&os.ModeSymlink == 0 {
				continue
			}
			if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
				continue
			}
		}
		switch fileMagic(p) {
		case idxMagicImages:
			images++
		case idxMagicLabels:
			labels++
		}
	}
	if images > 0 && labels > 0 {
		return FormatMNISTDir, nil
	}
	return FormatUnknown, errors.Errorf("datasets: directory %s holds %d IDX image and %d IDX label files; "+
		"an MNIST directory needs at least one of each", dir, images, labels)
}

// fileMagic returns the first 4 bytes of the (possibly gzipped) file as a
// big-endian number, or 0 if they cannot be read.
func fileMagic(path string) uint32 {
	r, closeFn, err := openData(path)
	if err != nil {
		return 0
	}
	defer closeFn()
	var b [4]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0
	}
	return idxMagic(b[:])
}

// idxMagic decodes a 4-byte big-endian magic number; short input gives 0.
func idxMagic(b []byte) uint32 {
	if len(b) < 4 {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}
