package datasets

import (
	"bufio"
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

// DetectFormat inspects the content at path, not its name: for a directory,
// the first bytes of its files (gzip-compressed or not) must include an MNIST
// IDX image file (magic 0x00000803) and a label file (0x00000801); for a file
// (gzip-compressed or not), the CSV header line decides between FER2013,
// keypoints training and keypoints test. It errors if path cannot be read or
// its content matches none of these formats, saying what it found.
func DetectFormat(path string) (Format, error) {
	info, err := os.Stat(path)
	if err != nil {
		return FormatUnknown, errors.Wrap(err, "datasets")
	}
	if info.IsDir() {
		return detectDir(path)
	}
	r, closeFn, err := openData(path)
	if err != nil {
		return FormatUnknown, err
	}
	defer closeFn()
	br := bufio.NewReader(io.LimitReader(r, 1<<16)) // a header line is far shorter
	head, _ := br.Peek(4)
	if m := idxMagic(head); m == idxMagicImages || m == idxMagicLabels {
		return FormatUnknown, errors.Errorf("datasets: %s is a single IDX file; pass the directory holding the MNIST image and label files", path)
	}
	line, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return FormatUnknown, errors.Wrapf(err, "datasets: %s", path)
	}
	rec, err := csv.NewReader(strings.NewReader(line)).Read()
	if err != nil {
		return FormatUnknown, errors.Errorf("datasets: %s: first line is not a CSV header", path)
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
		"keypoints training left_eye_center_x,...,Image or keypoints test ImageId,Image)", path, clip(got, 80))
}

// detectDir looks for an IDX image file and an IDX label file in dir.
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
		if !e.Type().IsRegular() {
			continue
		}
		switch fileMagic(filepath.Join(dir, e.Name())) {
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
