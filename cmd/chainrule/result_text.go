package main

import (
	"fmt"
	"io"

	"github.com/chainrule/chainrule/nets"
)

// scoreText records a character model's bits per character on the held-out
// text next to the n-gram model's.
func (r *result) scoreText(net nets.Network, t *textData) error {
	bits, err := t.bits(net)
	if err != nil {
		return err
	}
	r.Task = "language model"
	r.TestSamples = len(t.corpus.Test)
	r.BitsPerChar, r.NGramBitsPerChar = finite(bits), finite(t.ngramBits)
	r.NGramOrder = t.ngram.Order()
	return nil
}

// addSample generates n runes from the model into r (n = 0: none).
func (r *result) addSample(net nets.Network, p *prepared, n int, temperature float64, seed uint64) error {
	if n == 0 || p.text == nil {
		return nil
	}
	s, err := p.text.sample(net, n, temperature, seed)
	if err != nil {
		return err
	}
	r.Sample, r.SampleSeed, r.Temperature = &s, &seed, &temperature
	return nil
}

// printText writes a character model's scores and sample.
func (r *result) printText(w io.Writer) {
	fmt.Fprintf(w, "\ntest bits per character: %s   (smoothed %d-gram model, same training part: %s)\n",
		fmtPtr(r.BitsPerChar), r.NGramOrder, fmtPtr(r.NGramBitsPerChar))
	if r.Sample != nil {
		fmt.Fprintf(w, "\nsample (%d characters, seed %d, temperature %g):\n%s\n",
			len([]rune(*r.Sample)), *r.SampleSeed, *r.Temperature, *r.Sample)
	}
}
