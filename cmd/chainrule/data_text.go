package main

import (
	"fmt"
	"sync"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
)

// The text model's layout: the training part cut into consecutive,
// non-overlapping windows of textSteps runes (textStride = textSteps), a
// target (the next rune) at every step. On the whole Opticks each rune is
// read once an epoch; the excerpt's windows overlapped by half.
const (
	textSteps  = 50
	textStride = 50
	// textContext is how many runes at the end of the training part the
	// model reads before the held-out part is scored, the state carried
	// over every rune.
	textContext = 1000
)

// textData is what a character-level language model needs besides its
// datasets: the corpus and the smoothed n-gram baseline on the same split.
type textData struct {
	corpus    *datasets.CharCorpus
	ngram     *datasets.NGram
	ngramBits float64 // the n-gram model's bits per character on the test part
}

// loadText prepares the embedded Opticks for a character model:
// training windows of its first nine tenths, the held-out last tenth cut
// into consecutive sequences (the test loss Train reports after each epoch,
// each from the zero state), and an interpolated Kneser–Ney n-gram model
// fitted to the same training part, scored on the test part.
func loadText(key string) (*prepared, error) {
	c, err := datasets.OpticksCorpus()
	if err != nil {
		return nil, err
	}
	v := c.Vocab.Size()
	train, err := textWindows(c.Train, textSteps, textStride, v)
	if err != nil {
		return nil, err
	}
	train.Name = key + "-train"
	test, err := datasets.CharSequences(c.Test, textSteps, v)
	if err != nil {
		return nil, err
	}
	test.Name = key + "-test"
	ng, bits, err := opticksNGram(c)
	if err != nil {
		return nil, err
	}
	return &prepared{name: key, key: key, train: train, test: test, steps: textSteps, feat: v, everyStep: true,
		text:  &textData{corpus: c, ngram: ng, ngramBits: bits},
		split: fmt.Sprintf("the last tenth of the text, %d runes, in order", len(c.Test))}, nil
}

// The n-gram baseline of the embedded text, fitted once per process (the
// text is constant, and choosing the order fits twelve models: about 25
// CPU-seconds on the whole Opticks).
var (
	ngramOnce sync.Once
	ngramFit  *datasets.NGram
	ngramBits float64
	ngramErr  error
)

// opticksNGram returns the n-gram model fitted to c's training part, its
// order chosen on that part (datasets.FitNGram), and its bits per
// character on c's test part.
func opticksNGram(c *datasets.CharCorpus) (*datasets.NGram, float64, error) {
	ngramOnce.Do(func() {
		ngramFit, ngramErr = datasets.FitNGram(c.Train, c.Vocab.Size(), datasets.NGramOptions{})
		if ngramErr == nil {
			ngramBits, ngramErr = ngramFit.BitsPerChar(c.Train, c.Test)
		}
	})
	return ngramFit, ngramBits, ngramErr
}

// textWindows returns the windows of steps ids starting every stride ids,
// one-hot (X float64 [N, steps·V]), each with the next id at every step as
// its one-hot target (Y, laid out like X), as datasets.CharSequences makes
// them but overlapping.
func textWindows(ids []int, steps, stride, v int) (*datasets.Dataset, error) {
	if len(ids) < steps+1 {
		return nil, fmt.Errorf("text: %d ids are too few for a window of %d and its targets", len(ids), steps)
	}
	n := (len(ids)-steps-1)/stride + 1
	w := steps * v
	x, y := make([]float64, n*w), make([]float64, n*w)
	for i := 0; i < n; i++ {
		at := i * stride
		for t := 0; t < steps; t++ {
			x[i*w+t*v+ids[at+t]] = 1
			y[i*w+t*v+ids[at+t+1]] = 1
		}
	}
	return &datasets.Dataset{
		X:           tensor.New(tensor.WithShape(n, w), tensor.WithBacking(x)),
		Y:           tensor.New(tensor.WithShape(n, w), tensor.WithBacking(y)),
		SampleShape: []int{steps, v},
	}, nil
}

// bits returns the model's bits per character on the test part, the state
// carried over the textContext runes before it and every test rune.
func (t *textData) bits(net nets.Network) (float64, error) {
	tr := t.corpus.Train
	return nets.CharBits(net, tr[max(0, len(tr)-textContext):], t.corpus.Test)
}

// sample returns n runes the model generates, with rng seeded by seed,
// after reading the text's first rune.
func (t *textData) sample(net nets.Network, n int, temperature float64, seed uint64) (string, error) {
	ids, err := nets.SampleChars(net, t.corpus.Train[:1], n, temperature, nets.NewRNG(seed))
	if err != nil {
		return "", err
	}
	return t.corpus.Vocab.Decode(ids)
}
