package datasets

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pkg/errors"
)

// FERUsage is the value of FER2013's Usage column: which part of the Kaggle
// split a row belongs to.
type FERUsage string

// The three Usage values of fer2013.csv.
const (
	FERTraining    FERUsage = "Training"    // 28,709 rows in the real file
	FERPublicTest  FERUsage = "PublicTest"  // 3,589 rows
	FERPrivateTest FERUsage = "PrivateTest" // 3,589 rows
)

// FER2013Side is the width and height of a FER2013 image in pixels.
const FER2013Side = 48

// FER2013Emotions holds the names of the seven FER2013 emotion codes 0..6.
var FER2013Emotions = [7]string{"Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral"}

// FEROptions selects and relabels FER2013 rows. The zero value loads every
// row with the seven original classes.
type FEROptions struct {
	// Usages lists the Usage values to keep; nil or empty keeps all three.
	Usages []FERUsage
	// Emotions lists the original emotion codes (0..6) to keep, in the order
	// of the new classes: the row with emotion Emotions[k] gets class k and
	// the Dataset's Classes[k] is FER2013Emotions[Emotions[k]]. Rows with
	// other emotions are skipped. Nil or empty keeps all seven unchanged.
	Emotions []int
}

// FERLectureFive keeps the five classes of the lecture's slide, relabelled as
// 0 Angry, 1 Disgust, 2 Sad, 3 Happy, 4 Surprise (Fear and Neutral dropped).
var FERLectureFive = FEROptions{Emotions: []int{0, 1, 4, 3, 5}}

// LoadFER2013 reads a FER2013 CSV in Kaggle's layout (header
// emotion,pixels,Usage in any column order; rows such as
// 0,"70 80 82 ...",Training with 48x48 = 2304 space-separated pixels 0..255,
// quoted or not), streaming it row by row, and keeps the rows selected by
// opt. X is float64 [N, 2304] with raw values 0..255, Y int [N] holds the
// (remapped) classes, Classes their names and SampleShape is [48 48]; name is
// used in error messages and as Dataset.Name. Every row is validated, kept or
// not. LoadFER2013 errors, naming the line, on a wrong header, a CSV syntax
// error, an emotion that is not an integer in 0..6, an unknown Usage, a wrong
// number of pixels or a pixel that is not an integer in 0..255; it also errors
// on invalid options and when no row is selected.
func LoadFER2013(r io.Reader, name string, opt FEROptions) (*Dataset, error) {
	return loadFER(r, name, opt, FER2013Side)
}

// LoadFER2013File is LoadFER2013 on the file at path, which may be
// gzip-compressed. It also errors if the file cannot be opened.
func LoadFER2013File(path string, opt FEROptions) (*Dataset, error) {
	r, closeFn, err := openData(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	return loadFER(r, path, opt, FER2013Side)
}

// ferSelection turns options into lookup tables: kept usages and the new
// class of each original emotion (-1 when dropped).
func ferSelection(opt FEROptions) (usages map[string]bool, remap [7]int, classes []string, err error) {
	usages = map[string]bool{}
	for _, u := range opt.Usages {
		if u != FERTraining && u != FERPublicTest && u != FERPrivateTest {
			return nil, remap, nil, errors.Errorf("datasets: unknown FER2013 usage %q in options", string(u))
		}
		usages[string(u)] = true
	}
	if len(usages) == 0 {
		usages = map[string]bool{string(FERTraining): true, string(FERPublicTest): true, string(FERPrivateTest): true}
	}
	emotions := opt.Emotions
	if len(emotions) == 0 {
		emotions = []int{0, 1, 2, 3, 4, 5, 6}
	}
	remap = [7]int{-1, -1, -1, -1, -1, -1, -1}
	for k, e := range emotions {
		if e < 0 || e > 6 || remap[e] >= 0 {
			return nil, remap, nil, errors.Errorf("datasets: FER2013 emotion %d in options is out of range 0..6 or repeated", e)
		}
		remap[e] = k
		classes = append(classes, FER2013Emotions[e])
	}
	return usages, remap, classes, nil
}

// loadFER is LoadFER2013 for images of side x side pixels.
func loadFER(r io.Reader, name string, opt FEROptions, side int) (*Dataset, error) {
	usages, remap, classes, err := ferSelection(opt)
	if err != nil {
		return nil, err
	}
	npix := side * side
	cr := newCSVReader(r, name, pixelLine(npix, 0), fmt.Sprintf("a FER2013 row of %d pixels", npix))
	header, err := readHeader(cr, name)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	ce, okE := col["emotion"]
	cp, okP := col["pixels"]
	cu, okU := col["Usage"]
	if len(header) != 3 || !okE || !okP || !okU {
		return nil, errors.Errorf("datasets: %s:1: header is %q, expected emotion,pixels,Usage",
			name, strings.Join(header, ","))
	}
	var pix []uint8
	var labels []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err, name)
		}
		line, _ := cr.FieldPos(ce)
		es := strings.TrimSpace(rec[ce])
		e, err := strconv.Atoi(es)
		if err != nil || e < 0 || e > 6 {
			return nil, errors.Errorf("datasets: %s:%d: emotion %q is not an integer in 0..6", name, line, es)
		}
		line, _ = cr.FieldPos(cu)
		u := strings.TrimSpace(rec[cu])
		if u != string(FERTraining) && u != string(FERPublicTest) && u != string(FERPrivateTest) {
			return nil, errors.Errorf("datasets: %s:%d: unknown Usage %q, expected Training, PublicTest or PrivateTest",
				name, line, u)
		}
		start := len(pix)
		line, _ = cr.FieldPos(cp)
		if pix, err = parsePixels(pix, rec[cp], npix, name, line); err != nil {
			return nil, err
		}
		if !usages[u] || remap[e] < 0 {
			pix = pix[:start]
			continue
		}
		labels = append(labels, remap[e])
	}
	if len(labels) == 0 {
		return nil, errors.Errorf("datasets: %s: no FER2013 rows match the selected usages and emotions", name)
	}
	return &Dataset{
		Name:        name,
		X:           pixelsToX(pix, len(labels), npix),
		Y:           seqIntTensor(labels),
		Classes:     classes,
		SampleShape: []int{side, side},
	}, nil
}
