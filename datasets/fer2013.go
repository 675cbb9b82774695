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

// LoadFER2013Parts reads a FER2013 CSV once, like LoadFER2013, and returns
// one dataset per entry of parts: the rows whose Usage parts[i] lists go into
// the i-th dataset, kept and renumbered by emotions as FEROptions.Emotions
// does (nil keeps all seven); rows of a usage no part lists are validated and
// dropped. A part that receives no row is nil. It returns the errors of
// LoadFER2013, and an error if a usage is unknown or listed in two parts, or
// if no row reaches any part. To train on Training and test on the other two,
// with a stream read only once:
//
//	parts, err := LoadFER2013Parts(r, name, nil, []FERUsage{FERTraining}, []FERUsage{FERPublicTest, FERPrivateTest})
func LoadFER2013Parts(r io.Reader, name string, emotions []int, parts ...[]FERUsage) ([]*Dataset, error) {
	return loadFERParts(r, name, emotions, FER2013Side, parts)
}

// ferRemap turns FEROptions.Emotions into the new class of each original
// emotion (-1 when dropped) and the class names.
func ferRemap(emotions []int) (remap [7]int, classes []string, err error) {
	if len(emotions) == 0 {
		emotions = []int{0, 1, 2, 3, 4, 5, 6}
	}
	remap = [7]int{-1, -1, -1, -1, -1, -1, -1}
	for k, e := range emotions {
		if e < 0 || e > 6 || remap[e] >= 0 {
			return remap, nil, errors.Errorf("datasets: FER2013 emotion %d in options is out of range 0..6 or repeated", e)
		}
		remap[e] = k
		classes = append(classes, FER2013Emotions[e])
	}
	return remap, classes, nil
}

// ferPartOf maps each usage to the index of the part that lists it.
func ferPartOf(parts [][]FERUsage) (map[string]int, error) {
	partOf := map[string]int{}
	for i, us := range parts {
		for _, u := range us {
			if u != FERTraining && u != FERPublicTest && u != FERPrivateTest {
				return nil, errors.Errorf("datasets: unknown FER2013 usage %q in options", string(u))
			}
			if j, dup := partOf[string(u)]; dup && j != i {
				return nil, errors.Errorf("datasets: FER2013 usage %q is listed in parts %d and %d", string(u), j, i)
			}
			partOf[string(u)] = i
		}
	}
	return partOf, nil
}

// loadFER is LoadFER2013 for images of side x side pixels.
func loadFER(r io.Reader, name string, opt FEROptions, side int) (*Dataset, error) {
	usages := opt.Usages
	if len(usages) == 0 {
		usages = []FERUsage{FERTraining, FERPublicTest, FERPrivateTest}
	}
	parts, err := loadFERParts(r, name, opt.Emotions, side, [][]FERUsage{usages})
	if err != nil {
		return nil, err
	}
	return parts[0], nil
}

// ferPart accumulates the rows of one part.
type ferPart struct {
	pix    []uint8
	labels []int
}

// loadFERParts is LoadFER2013Parts for images of side x side pixels.
func loadFERParts(r io.Reader, name string, emotions []int, side int, parts [][]FERUsage) ([]*Dataset, error) {
	remap, classes, err := ferRemap(emotions)
	if err != nil {
		return nil, err
	}
	partOf, err := ferPartOf(parts)
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
			name, clip(strings.Join(header, ","), 80))
	}
	acc := make([]ferPart, len(parts))
	var scratch []uint8 // the pixels of rows no part keeps
	kept := 0
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
		line, _ = cr.FieldPos(cp)
		i, ok := partOf[u]
		if !ok || remap[e] < 0 {
			if scratch, err = parsePixels(scratch[:0], rec[cp], npix, name, line); err != nil {
				return nil, err
			}
			continue
		}
		if acc[i].pix, err = parsePixels(acc[i].pix, rec[cp], npix, name, line); err != nil {
			return nil, err
		}
		acc[i].labels = append(acc[i].labels, remap[e])
		kept++
	}
	if kept == 0 {
		return nil, errors.Errorf("datasets: %s: no FER2013 rows match the selected usages and emotions", name)
	}
	out := make([]*Dataset, len(parts))
	for i, a := range acc {
		if len(a.labels) == 0 {
			continue
		}
		out[i] = &Dataset{
			Name:        name,
			X:           pixelsToX(a.pix, len(a.labels), npix),
			Y:           seqIntTensor(a.labels),
			Classes:     append([]string(nil), classes...),
			SampleShape: []int{side, side},
		}
	}
	return out, nil
}
