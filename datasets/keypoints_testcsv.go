package datasets

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// LoadKeypointsTest reads a Kaggle Facial Keypoints test CSV (header
// ImageId,Image; Image holds 96x96 = 9216 space-separated pixels 0..255). It
// returns a Dataset with X float64 [N, 9216] (raw 0..255), SampleShape
// [96 96] and no targets (Y and Mask nil), and the ImageId of each row in
// order; name is used in error messages and as Dataset.Name.
// LoadKeypointsTest errors, naming the line, on a wrong header, a CSV syntax
// error, an ImageId that is not an integer, a wrong number of pixels or a
// pixel that is not an integer in 0..255, and when the file has no rows.
func LoadKeypointsTest(r io.Reader, name string) (*Dataset, []int, error) {
	return loadKeypointsTest(r, name, KeypointsSide)
}

// LoadKeypointsTestFile is LoadKeypointsTest on the file at path, which may
// be gzip-compressed. It also errors if the file cannot be opened.
func LoadKeypointsTestFile(path string) (*Dataset, []int, error) {
	r, closeFn, err := openData(path)
	if err != nil {
		return nil, nil, err
	}
	defer closeFn()
	return loadKeypointsTest(r, path, KeypointsSide)
}

// loadKeypointsTest is LoadKeypointsTest for images of side x side pixels.
func loadKeypointsTest(r io.Reader, name string, side int) (*Dataset, []int, error) {
	npix := side * side
	cr := newCSVReader(r, name, pixelLine(npix, 64*len(KeypointNames)), fmt.Sprintf("a keypoints test row of %d pixels", npix))
	header, err := readHeader(cr, name)
	if err != nil {
		return nil, nil, err
	}
	if got := strings.Join(header, ","); got != "ImageId,Image" {
		return nil, nil, errors.Errorf("datasets: %s:1: header is %q, expected ImageId,Image", name, clip(got, 60))
	}
	var pix []uint8
	var ids []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, csvError(err, name)
		}
		line, _ := cr.FieldPos(0)
		s := strings.TrimSpace(rec[0])
		id, err := strconv.Atoi(s)
		if err != nil {
			return nil, nil, errors.Errorf("datasets: %s:%d: ImageId %q is not an integer", name, line, clip(s, 20))
		}
		line, _ = cr.FieldPos(1)
		if pix, err = parsePixels(pix, rec[1], npix, name, line); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, nil, errors.Errorf("datasets: %s: no keypoints test rows", name)
	}
	return &Dataset{
		Name:        name,
		X:           pixelsToX(pix, len(ids), npix),
		SampleShape: []int{side, side},
	}, ids, nil
}

// pixelsToX converts n rows of npix bytes to a float64 [n, npix] tensor.
func pixelsToX(pix []uint8, n, npix int) *tensor.Dense {
	x := make([]float64, len(pix))
	for i, p := range pix {
		x[i] = float64(p)
	}
	return seqF64Tensor(x, n, npix)
}

// clip shortens s to at most n bytes for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
