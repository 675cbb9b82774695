package datasets

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/pkg/errors"
)

//go:embed data/opticks.txt.gz
var opticksGz []byte

// The embedded text, unpacked once per process.
var (
	opticksOnce sync.Once
	opticksText string
	opticksErr  error
)

// Opticks returns the whole of Isaac Newton's Opticks (4th ed., 1730; public
// domain), the Project Gutenberg transcription the Go source tree
// distributes: 567,198 bytes, 567,038 runes, 91 distinct, a corpus for a
// character-level language model. It is embedded gzip'd and unpacked on the
// first call. It errors only if the embedded file is damaged or not valid
// UTF-8.
func Opticks() (string, error) {
	opticksOnce.Do(func() { opticksText, opticksErr = gunzipText(opticksGz, "opticks.txt.gz") })
	return opticksText, opticksErr
}

// gunzipText unpacks gzip'd UTF-8 text; name says which in an error.
func gunzipText(gz []byte, name string) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", errors.Wrapf(err, "datasets: embedded %s", name)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return "", errors.Wrapf(err, "datasets: embedded %s", name)
	}
	if !utf8.Valid(b) {
		return "", errors.Errorf("datasets: embedded %s is not valid UTF-8", name)
	}
	return string(b), nil
}

// Vocabulary maps the distinct runes of a text to ids 0..Size()-1 in
// increasing rune order, and back.
type Vocabulary struct {
	runes []rune
	ids   map[rune]int
}

// NewVocabulary builds the vocabulary of the distinct runes of text, sorted.
// It errors if text is empty or not valid UTF-8.
func NewVocabulary(text string) (*Vocabulary, error) {
	if text == "" {
		return nil, errors.New("datasets: cannot build a vocabulary from empty text")
	}
	if !utf8.ValidString(text) {
		return nil, errors.New("datasets: vocabulary text is not valid UTF-8")
	}
	ids := make(map[rune]int)
	for _, r := range text {
		ids[r] = 0
	}
	runes := make([]rune, 0, len(ids))
	for r := range ids {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	for i, r := range runes {
		ids[r] = i
	}
	return &Vocabulary{runes: runes, ids: ids}, nil
}

// Size returns the number of distinct runes (0 for a nil vocabulary).
func (v *Vocabulary) Size() int {
	if v == nil {
		return 0
	}
	return len(v.runes)
}

// Runes returns a copy of the vocabulary's runes in id order.
func (v *Vocabulary) Runes() []rune {
	if v == nil {
		return nil
	}
	return append([]rune(nil), v.runes...)
}

// Classes returns one class name per id: the rune as a string. Assign it to
// the Classes of a CharWindows dataset to get readable names.
func (v *Vocabulary) Classes() []string {
	runes := v.Runes()
	out := make([]string, len(runes))
	for i, r := range runes {
		out[i] = string(r)
	}
	return out
}

// Encode returns the id of each rune of s. It errors on a rune that is not in
// the vocabulary (naming it and its byte offset) or on invalid UTF-8.
func (v *Vocabulary) Encode(s string) ([]int, error) {
	if v == nil {
		return nil, errors.New("datasets: Encode on a nil Vocabulary")
	}
	if !utf8.ValidString(s) {
		return nil, errors.New("datasets: text to encode is not valid UTF-8")
	}
	out := make([]int, 0, len(s))
	for off, r := range s {
		id, ok := v.ids[r]
		if !ok {
			return nil, errors.Errorf("datasets: rune %q at byte %d is not in the vocabulary", r, off)
		}
		out = append(out, id)
	}
	return out, nil
}

// Decode returns the text for a sequence of ids. It errors on an id outside
// 0..Size()-1, naming its position.
func (v *Vocabulary) Decode(ids []int) (string, error) {
	buf := make([]rune, len(ids))
	for i, id := range ids {
		if id < 0 || id >= v.Size() {
			return "", errors.Errorf("datasets: id %d at position %d is outside the vocabulary 0..%d",
				id, i, v.Size()-1)
		}
		buf[i] = v.runes[id]
	}
	return string(buf), nil
}

// maxCharElements bounds the size of a CharWindows X tensor (8 GiB of float64).
const maxCharElements = 1 << 30

// CharWindows builds next-character samples from encoded text: sample i has
// as input the one-hot encodings of ids[i : i+window] (X float64
// [N, window*vocabSize], SampleShape [window vocabSize]) and as class the next
// id, ids[i+window] (Y int [N]), with N = len(ids) - window. Classes holds the
// ids as decimal strings (see Vocabulary.Classes for runes). It errors if
// window or vocabSize is below 1, if ids has at most window entries, if an id
// is outside 0..vocabSize-1, or if X would exceed 2^30 elements.
func CharWindows(ids []int, window, vocabSize int) (*Dataset, error) {
	if window < 1 || vocabSize < 1 {
		return nil, errors.Errorf("datasets: window (%d) and vocabulary size (%d) must be at least 1", window, vocabSize)
	}
	n := len(ids) - window
	if n < 1 {
		return nil, errors.Errorf("datasets: %d ids are too few for window %d", len(ids), window)
	}
	for i, id := range ids {
		if id < 0 || id >= vocabSize {
			return nil, errors.Errorf("datasets: id %d at position %d is outside 0..%d", id, i, vocabSize-1)
		}
	}
	width := window * vocabSize
	if vocabSize > maxCharElements/window || n > maxCharElements/width {
		return nil, errors.Errorf("datasets: %d windows of %dx%d one-hot values exceed %d elements",
			n, window, vocabSize, maxCharElements)
	}
	x := make([]float64, n*width)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		row := x[i*width : (i+1)*width]
		for j, id := range ids[i : i+window] {
			row[j*vocabSize+id] = 1
		}
		y[i] = ids[i+window]
	}
	classes := make([]string, vocabSize)
	for k := range classes {
		classes[k] = strconv.Itoa(k)
	}
	return &Dataset{
		Name:        "charwindows",
		X:           seqF64Tensor(x, n, width),
		Y:           seqIntTensor(y),
		Classes:     classes,
		SampleShape: []int{window, vocabSize},
	}, nil
}
