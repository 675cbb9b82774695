package datasets

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/pkg/errors"
)

// KeypointsSide is the width and height of a facial-keypoints image in pixels.
const KeypointsSide = 96

// KeypointNames holds the 30 coordinate columns of the Kaggle Facial
// Keypoints Detection training.csv, in the file's order (15 keypoints, x then y).
var KeypointNames = [30]string{
	"left_eye_center_x", "left_eye_center_y", "right_eye_center_x", "right_eye_center_y",
	"left_eye_inner_corner_x", "left_eye_inner_corner_y", "left_eye_outer_corner_x", "left_eye_outer_corner_y",
	"right_eye_inner_corner_x", "right_eye_inner_corner_y", "right_eye_outer_corner_x", "right_eye_outer_corner_y",
	"left_eyebrow_inner_end_x", "left_eyebrow_inner_end_y", "left_eyebrow_outer_end_x", "left_eyebrow_outer_end_y",
	"right_eyebrow_inner_end_x", "right_eyebrow_inner_end_y", "right_eyebrow_outer_end_x", "right_eyebrow_outer_end_y",
	"nose_tip_x", "nose_tip_y", "mouth_left_corner_x", "mouth_left_corner_y",
	"mouth_right_corner_x", "mouth_right_corner_y", "mouth_center_top_lip_x", "mouth_center_top_lip_y",
	"mouth_center_bottom_lip_x", "mouth_center_bottom_lip_y",
}

// KeypointsOptions controls LoadKeypoints. The zero value keeps every row and
// marks missing coordinates in Dataset.Mask.
type KeypointsOptions struct {
	// DropIncomplete skips rows with any missing coordinate (in the real
	// training.csv only 2,140 of 7,049 rows are complete).
	DropIncomplete bool
}

// LoadKeypoints reads a Kaggle Facial Keypoints training CSV (header: the 30
// names of KeypointNames in order, then Image; Image holds 96x96 = 9216
// space-separated pixels 0..255), streaming it row by row. X is float64
// [N, 9216] with raw values 0..255, Y float64 [N, 30] the coordinates in
// pixels and Mask float64 [N, 30] is 1 where a coordinate is present and 0
// where its field is empty (Y is 0 there); Targets holds the column names and
// SampleShape is [96 96]; name is used in error messages and as Dataset.Name.
// LoadKeypoints errors, naming the line, on a wrong header, a CSV syntax
// error, a coordinate that is not a finite number, a wrong number of pixels
// or a pixel that is not an integer in 0..255; it also errors when no row is
// kept.
func LoadKeypoints(r io.Reader, name string, opt KeypointsOptions) (*Dataset, error) {
	return loadKeypoints(r, name, opt, KeypointsSide)
}

// LoadKeypointsFile is LoadKeypoints on the file at path, which may be
// gzip-compressed. It also errors if the file cannot be opened.
func LoadKeypointsFile(path string, opt KeypointsOptions) (*Dataset, error) {
	r, closeFn, err := openData(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return loadKeypoints(r, path, opt, KeypointsSide)
}

// keypointsHeader is the exact header line of training.csv.
func keypointsHeader() string { return strings.Join(KeypointNames[:], ",") + ",Image" }

// loadKeypoints is LoadKeypoints for images of side x side pixels.
func loadKeypoints(r io.Reader, name string, opt KeypointsOptions, side int) (*Dataset, error) {
	const k = len(KeypointNames)
	npix := side * side
	cr := newCSVReader(r, name, pixelLine(npix, 64*k), fmt.Sprintf("a keypoints row of %d coordinates and %d pixels", k, npix))
	header, err := readHeader(cr, name)
	if err != nil {
		return nil, err
	}
	if got := strings.Join(header, ","); got != keypointsHeader() {
		return nil, errors.Errorf("datasets: %s:1: header is not the Kaggle keypoints training header "+
			"(30 coordinate columns left_eye_center_x ... mouth_center_bottom_lip_y, then Image); got %d columns starting %q",
			name, len(header), clip(got, 60))
	}
	var pix []uint8
	var y, mask []float64
	coords := make([]float64, k)
	present := make([]float64, k)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err, name)
		}
		complete := true
		for j := 0; j < k; j++ {
			s := strings.TrimSpace(rec[j])
			coords[j], present[j] = 0, 0
			if s == "" {
				complete = false
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				line, _ := cr.FieldPos(j)
				return nil, errors.Errorf("datasets: %s:%d: coordinate %s is %q, not a finite number",
					name, line, KeypointNames[j], clip(s, 20))
			}
			coords[j], present[j] = v, 1
		}
		start := len(pix)
		line, _ := cr.FieldPos(k)
		if pix, err = parsePixels(pix, rec[k], npix, name, line); err != nil {
			return nil, err
		}
		if opt.DropIncomplete && !complete {
			pix = pix[:start]
			continue
		}
		y = append(y, coords...)
		mask = append(mask, present...)
	}
	n := len(y) / k
	if n == 0 {
		return nil, errors.Errorf("datasets: %s: no keypoints rows to load", name)
	}
	return &Dataset{
		Name:        name,
		X:           pixelsToX(pix, n, npix),
		Y:           seqF64Tensor(y, n, k),
		Mask:        seqF64Tensor(mask, n, k),
		SampleShape: []int{side, side},
		Targets:     append([]string(nil), KeypointNames[:]...),
	}, nil
}
