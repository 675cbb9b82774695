package datasets_test

import (
	"fmt"
	"log"

	"github.com/chainrule/chainrule/datasets"
)

func ExampleLFW() {
	ds, err := datasets.LFW()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ds.X.Shape(), ds.SampleShape, ds.Classes, ds.ClassCounts())
	// Output: (200, 625) [25 25] [non-face face] [100 100]
}

// A bigram model of "abab" over the runes a, b, c with the discount 1/2 (the
// numbers are worked by hand in TestNGramByHand): P(b | a) = 41/48 and
// P(c | a) = 1/24, so "c" after "a" costs log2(24) = 4.585 bits.
func ExampleFitNGram() {
	v, err := datasets.NewVocabulary("abc")
	if err != nil {
		log.Fatal(err)
	}
	train, _ := v.Encode("abab")
	m, err := datasets.FitNGram(train, v.Size(), datasets.NGramOptions{Order: 2, Discount: 0.5})
	if err != nil {
		log.Fatal(err)
	}
	a, _ := v.Encode("a")
	c, _ := v.Encode("c")
	bits, err := m.BitsPerChar(a, c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(b|a) = %.6f = %.6f, %.3f bits\n", m.Prob(a, 1), 41.0/48, bits)
	// Output: P(b|a) = 0.854167 = 0.854167, 4.585 bits
}

func ExampleOpticksCorpus() {
	c, err := datasets.OpticksCorpus()
	if err != nil {
		log.Fatal(err)
	}
	test, err := c.TestWindows(8)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(c.Train), len(c.Test), c.Vocab.Size(), test.X.Shape(), test.SampleShape)
	// Output: 510335 56703 91 (56703, 728) [8 91]
}
