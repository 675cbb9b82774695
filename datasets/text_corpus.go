package datasets

import (
	"math"
	"unicode/utf8"

	"github.com/pkg/errors"
)

// CharCorpus is a text ready for a character-level language model: its
// vocabulary and the ids of a training part and of a held-out test part, the
// text's last runes. The vocabulary holds the runes of the whole text, so a
// test rune never seen in training still has an id (a model must give it a
// probability above zero; the n-gram model does).
type CharCorpus struct {
	Vocab *Vocabulary
	Train []int // the first runes' ids
	Test  []int // the last runes' ids, in order; never used for fitting
}

// NewCharCorpus encodes text and holds out its last testFraction of runes
// (rounded down, at least one) as the test part; testFraction 0.1 gives the
// held-out last tenth. It errors on empty or invalid UTF-8 text, a fraction
// outside (0, 1), or a text too short for both parts to hold a rune.
func NewCharCorpus(text string, testFraction float64) (*CharCorpus, error) {
	if !(testFraction > 0 && testFraction < 1) {
		return nil, errors.Errorf("datasets: test fraction %v, want a value in (0, 1)", testFraction)
	}
	v, err := NewVocabulary(text)
	if err != nil {
		return nil, err
	}
	ids, err := v.Encode(text)
	if err != nil {
		return nil, err
	}
	nTest := max(1, int(math.Floor(float64(len(ids))*testFraction)))
	if nTest >= len(ids) {
		return nil, errors.Errorf("datasets: a text of %d runes is too short to hold out %v of it", utf8.RuneCountInString(text), testFraction)
	}
	cut := len(ids) - nTest
	return &CharCorpus{Vocab: v, Train: ids[:cut:cut], Test: ids[cut:]}, nil
}

// OpticksCorpus returns the embedded Opticks (see Opticks) as a CharCorpus
// with its last tenth held out: 567,038 runes (91 distinct), 510,335 for
// training and 56,703 for the test: the end of Query 28 and Queries 29 to
// 31 of the Third Book. Every test rune also occurs in the training part.
func OpticksCorpus() (*CharCorpus, error) {
	s, err := Opticks()
	if err != nil {
		return nil, err
	}
	return NewCharCorpus(s, 0.1)
}

// TrainWindows returns the next-character samples of the training part (see
// CharWindows): every run of window ids and the id after it.
func (c *CharCorpus) TrainWindows(window int) (*Dataset, error) {
	if c == nil {
		return nil, errors.New("datasets: TrainWindows on a nil CharCorpus")
	}
	d, err := CharWindows(c.Train, window, c.Vocab.Size())
	if err != nil {
		return nil, err
	}
	d.Name, d.Classes = "text-train", c.Vocab.Classes()
	return d, nil
}

// TestWindows returns one next-character sample per test id: the input of
// the first is the last window ids of the training part, so every test rune
// is predicted exactly once and only test runes are targets (the same runes
// NGram.BitsPerChar(c.Train, c.Test) scores). It errors if window exceeds the
// training part.
func (c *CharCorpus) TestWindows(window int) (*Dataset, error) {
	if c == nil {
		return nil, errors.New("datasets: TestWindows on a nil CharCorpus")
	}
	if window > len(c.Train) {
		return nil, errors.Errorf("datasets: window %d is longer than the %d training ids", window, len(c.Train))
	}
	var ids []int
	if window > 0 {
		ids = append(ids, c.Train[len(c.Train)-window:]...)
	}
	d, err := CharWindows(append(ids, c.Test...), window, c.Vocab.Size())
	if err != nil {
		return nil, err
	}
	d.Name, d.Classes = "text-test", c.Vocab.Classes()
	return d, nil
}

// CharSequences cuts ids into N = (len(ids)-1)/steps consecutive,
// non-overlapping sequences for a model with a target at every step: sample
// i reads ids[i*steps : (i+1)*steps] one-hot (X float64 [N, steps*V],
// SampleShape [steps V]) and its target at step t is the one-hot of the next
// id, ids[i*steps+t+1] (Y float64 [N, steps*V], laid out like X; Classes
// nil). Softmax cross-entropy over each step's V columns of Y is the
// per-step language-model loss. Ids past the last whole sequence are
// dropped. It errors like CharWindows, and if ids cannot fill one sequence.
func CharSequences(ids []int, steps, vocabSize int) (*Dataset, error) {
	if steps < 1 || vocabSize < 1 {
		return nil, errors.Errorf("datasets: steps (%d) and vocabulary size (%d) must be at least 1", steps, vocabSize)
	}
	n := (len(ids) - 1) / steps
	if len(ids) < 1 || n < 1 {
		return nil, errors.Errorf("datasets: %d ids are too few for one sequence of %d steps and its targets", len(ids), steps)
	}
	for i, id := range ids {
		if id < 0 || id >= vocabSize {
			return nil, errors.Errorf("datasets: id %d at position %d is outside 0..%d", id, i, vocabSize-1)
		}
	}
	width := steps * vocabSize
	if vocabSize > maxCharElements/steps || n > maxCharElements/width {
		return nil, errors.Errorf("datasets: %d sequences of %dx%d one-hot values exceed %d elements",
			n, steps, vocabSize, maxCharElements)
	}
	x := make([]float64, n*width)
	y := make([]float64, n*width)
	for i := 0; i < n; i++ {
		for t := 0; t < steps; t++ {
			at := i*width + t*vocabSize
			x[at+ids[i*steps+t]] = 1
			y[at+ids[i*steps+t+1]] = 1
		}
	}
	return &Dataset{
		Name:        "charsequences",
		X:           seqF64Tensor(x, n, width),
		Y:           seqF64Tensor(y, n, width),
		SampleShape: []int{steps, vocabSize},
	}, nil
}
