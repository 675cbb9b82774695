package datasets

import (
	"math"
	"strings"
	"testing"
)

func ngNear(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// The training text "abab" over the vocabulary a, b, c (ids 0, 1, 2), order
// 2, worked by hand. Bigram counts: ab 2, ba 1, so c(a·) = 2, N(a·) = 1,
// c(b·) = 1, N(b·) = 1. Continuation counts of the unigrams (distinct
// predecessors): a 1 (b), b 1 (a), c 0; their sum 2, 2 types.
//
// With D = 1/2 for both orders:
//
//	P1(a) = P1(b) = (1 − ½)/2 + ½·2/2·⅓ = 5/12, P1(c) = ½·2/2·⅓ = 1/6
//	P(b|a) = (2 − ½)/2 + ½·1/2·5/12 = 41/48, P(a|a) = ¼·5/12 = 5/48,
//	P(c|a) = ¼·1/6 = 1/24, P(a|b) = (1 − ½)/1 + ½·5/12 = 17/24.
//
// With Ney's estimates: bigrams n1 = 1 (ba), n2 = 1 (ab), D2 = 1/3;
// unigrams n1 = 2, n2 = 0, D1 = 1, so P1 is uniform ⅓ and
//
//	P(b|a) = (2 − ⅓)/2 + ⅓·1/2·⅓ = 8/9, P(a|a) = P(c|a) = 1/18,
//	P(a|b) = (1 − ⅓)/1 + ⅓·⅓ = 7/9.
func TestNGramByHand(t *testing.T) {
	abab := []int{0, 1, 0, 1}
	m, err := FitNGram(abab, 3, NGramOptions{Order: 2, Discount: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		h    []int
		w    int
		want float64
	}{
		{nil, 0, 5.0 / 12}, {nil, 1, 5.0 / 12}, {nil, 2, 1.0 / 6},
		{[]int{0}, 1, 41.0 / 48}, {[]int{0}, 0, 5.0 / 48}, {[]int{0}, 2, 1.0 / 24},
		{[]int{1}, 0, 17.0 / 24},
		{[]int{2}, 0, 5.0 / 12},        // history c never seen: the unigram
		{[]int{1, 1, 0}, 1, 41.0 / 48}, // only the last id counts
		{[]int{7}, 0, 5.0 / 12},        // a history id outside the vocabulary
		{nil, 3, 0},
	} {
		if got := m.Prob(tc.h, tc.w); !ngNear(got, tc.want) {
			t.Errorf("P(%d | %v) = %v, want %v", tc.w, tc.h, got, tc.want)
		}
	}
	// Scoring "aac" after the context "b": P(a|b) P(a|a) P(c|a).
	bpc, err := m.BitsPerChar([]int{1}, []int{0, 0, 2})
	want := -(math.Log2(17.0/24) + math.Log2(5.0/48) + math.Log2(1.0/24)) / 3
	if err != nil || !ngNear(bpc, want) {
		t.Errorf("BitsPerChar = %v, %v; want %v", bpc, err, want)
	}
	// Without context the first id is scored by the unigram: P1(a) P(a|a).
	bpc, err = m.BitsPerChar(nil, []int{0, 0})
	if want := -(math.Log2(5.0/12) + math.Log2(5.0/48)) / 2; err != nil || !ngNear(bpc, want) {
		t.Errorf("BitsPerChar without context = %v, %v; want %v", bpc, err, want)
	}

	ney, err := FitNGram(abab, 3, NGramOptions{Order: 2})
	if err != nil {
		t.Fatal(err)
	}
	if d := ney.Discounts(); !ngNear(d[0], 1) || !ngNear(d[1], 1.0/3) {
		t.Errorf("discounts %v, want [1 1/3]", d)
	}
	for _, tc := range []struct {
		h    []int
		w    int
		want float64
	}{
		{nil, 2, 1.0 / 3}, {[]int{0}, 1, 8.0 / 9}, {[]int{0}, 0, 1.0 / 18}, {[]int{0}, 2, 1.0 / 18}, {[]int{1}, 0, 7.0 / 9},
	} {
		if got := ney.Prob(tc.h, tc.w); !ngNear(got, tc.want) {
			t.Errorf("Ney: P(%d | %v) = %v, want %v", tc.w, tc.h, got, tc.want)
		}
	}

	// Order 1 is add-nothing absolute discounting of the raw counts:
	// a 2, b 2, c 0 of 4; D = 1/2: P(a) = 1.5/4 + ½·2/4·⅓ = 11/24, P(c) = 1/12.
	uni, err := FitNGram(abab, 3, NGramOptions{Order: 1, Discount: 0.5})
	if err != nil || !ngNear(uni.Prob([]int{0}, 0), 11.0/24) || !ngNear(uni.Prob(nil, 2), 1.0/12) {
		t.Errorf("unigram: %v %v %v", uni.Prob(nil, 0), uni.Prob(nil, 2), err)
	}
}

func TestNGramErrors(t *testing.T) {
	for _, tc := range []struct {
		ids   []int
		vocab int
		opt   NGramOptions
		want  string
	}{
		{[]int{0}, 0, NGramOptions{}, "vocabulary size 0"},
		{[]int{0}, 1<<16 + 1, NGramOptions{}, "vocabulary size 65537"},
		{nil, 3, NGramOptions{}, "no ids"},
		{[]int{0, 3}, 3, NGramOptions{}, "id 3 at position 1"},
		{[]int{0}, 3, NGramOptions{Order: 33}, "order 33"},
		{[]int{0}, 3, NGramOptions{Order: -1}, "order -1"},
		{[]int{0}, 3, NGramOptions{Order: 2, Discount: 1.5}, "discount 1.5"},
		{[]int{0}, 3, NGramOptions{Order: 2, Discount: math.NaN()}, "discount NaN"},
		{[]int{0, 1, 2}, 3, NGramOptions{}, "too few to choose"},
	} {
		if _, err := FitNGram(tc.ids, tc.vocab, tc.opt); err == nil || !strings.HasPrefix(err.Error(), "datasets: ") ||
			!strings.Contains(err.Error(), tc.want) {
			t.Errorf("FitNGram(%v, %d, %+v): %v, want %q", tc.ids, tc.vocab, tc.opt, err, tc.want)
		}
	}
	m, _ := FitNGram([]int{0, 1}, 2, NGramOptions{Order: 2})
	for _, err := range []error{second(m.BitsPerChar(nil, nil)), second(m.BitsPerChar(nil, []int{2})),
		second(m.BitsPerChar([]int{-1}, []int{0})), second((*NGram)(nil).BitsPerChar(nil, []int{0}))} {
		if err == nil || !strings.HasPrefix(err.Error(), "datasets: ") {
			t.Errorf("BitsPerChar error %v", err)
		}
	}
	if (*NGram)(nil).Prob(nil, 0) != 0 {
		t.Error("nil model gives a probability")
	}
}

// On the whole Opticks: the order is chosen on the training part alone, the
// model's conditional distributions sum to 1, and the validation and
// held-out bits are those of testdata/ngram/opticks_kn.py, a separate
// Python transcription of the definition run by hand (python3
// datasets/testdata/ngram/opticks_kn.py printed order 7, validation
// 4.5385 … 2.0133 and test bits 1.996926; uniform: log2 91 = 6.51).
func TestNGramOpticks(t *testing.T) {
	if testing.Short() {
		t.Skip("fits twelve models to the whole text (about 25 CPU-seconds)")
	}
	c, err := OpticksCorpus()
	if err != nil {
		t.Fatal(err)
	}
	m, err := FitNGram(c.Train, c.Vocab.Size(), NGramOptions{})
	if err != nil {
		t.Fatal(err)
	}
	valid := m.ValidationBits()
	if len(valid) != 12 || m.Order() != 7 {
		t.Fatalf("order %d, validation bits %v; want order 7", m.Order(), valid)
	}
	py := []float64{4.5385, 3.5388, 2.8118, 2.2565, 2.0621, 2.0059, 2.0043, 2.0073, 2.0100, 2.0136, 2.0151, 2.0133}
	for n, b := range valid {
		if math.Abs(b-py[n]) > 5e-5 {
			t.Errorf("order %d: %.5f validation bits per character, Python %.4f", n+1, b, py[n])
		}
	}
	for n, b := range valid {
		if b < valid[m.Order()-1] {
			t.Errorf("order %d scored %v on the validation tenth, below the chosen order %d's %v", n+1, b, m.Order(), valid[m.Order()-1])
		}
	}
	for _, at := range []int{0, 1, 5, 1000, len(c.Test) - 1} {
		h := append(append([]int(nil), c.Train...), c.Test[:at]...)
		sum := 0.0
		for w := 0; w < c.Vocab.Size(); w++ {
			p := m.Prob(h, w)
			if !(p > 0) {
				t.Fatalf("P(%q | test history %d) = %v", c.Vocab.Runes()[w], at, p)
			}
			sum += p
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("probabilities after test history %d sum to %v", at, sum)
		}
	}
	bpc, err := m.BitsPerChar(c.Train, c.Test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("order %d, discounts %.3f, validation %.3f, test %.4f bits per character", m.Order(), m.Discounts(), valid, bpc)
	if math.Abs(bpc-1.996926) > 1e-6 {
		t.Errorf("%.7f bits per character on the held-out tenth, Python 1.996926", bpc)
	}
}

// An order-3 model with Ney's discounts against testdata/ngram/kn.py, a
// brute-force Python transcription of the definition (run with python3).
func TestNGramOrder3AgainstPython(t *testing.T) {
	v, err := NewVocabulary("abcdrx")
	if err != nil {
		t.Fatal(err)
	}
	train, err := v.Encode("abracadabra")
	if err != nil {
		t.Fatal(err)
	}
	test, err := v.Encode("cadabrx")
	if err != nil {
		t.Fatal(err)
	}
	m, err := FitNGram(train, v.Size(), NGramOptions{Order: 3})
	if err != nil {
		t.Fatal(err)
	}
	bpc, err := m.BitsPerChar(train, test)
	d := m.Discounts()
	if err != nil || !ngNear(bpc, 1.3415907976024397) || !ngNear(d[0], 1) || !ngNear(d[1], 1) || !ngNear(d[2], 5.0/9) {
		t.Errorf("bits %v (%v), discounts %v; want 1.3415907976024397, [1 1 5/9]", bpc, err, d)
	}
	ab, _ := v.Encode("ab")
	xa, _ := v.Encode("xa")
	if p := m.Prob(ab, 4); !ngNear(p, 0.7552910052910052) {
		t.Errorf("P(r | ab) = %v", p)
	}
	if p := m.Prob(xa, 1); !ngNear(p, 0.11904761904761904) {
		t.Errorf("P(b | xa) = %v", p)
	}
}
