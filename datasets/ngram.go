package datasets

import (
	"math"

	"github.com/pkg/errors"
)

// NGramOptions configures FitNGram. The zero value chooses the order on the
// training ids and estimates the discounts.
type NGramOptions struct {
	// Order is n, the model's context plus one (2: bigrams). 0 chooses it:
	// every order 1..MaxOrder is fitted to the first nine tenths of the
	// training ids and scored on their last tenth, and the order with the
	// fewest bits per character is refitted to all of them.
	Order int
	// MaxOrder bounds the orders tried when Order is 0; 0 means 12 (on the
	// embedded Opticks the validation bits are lowest at order 7, and on
	// its first 50,000 bytes at order 11).
	MaxOrder int
	// Discount is Kneser–Ney's absolute discount D in (0, 1] for every
	// order. 0 estimates one per order from the training counts, Ney's
	// D = n1/(n1 + 2 n2) with n1, n2 the numbers of n-grams seen once and
	// twice (0.5 when that is 0 or undefined).
	Discount float64
}

// maxNGramOrder bounds Order and MaxOrder.
const maxNGramOrder = 32

// NGram is an interpolated Kneser–Ney character n-gram model (Chen and
// Goodman, 1998, eq. 26 with one discount per order), a smoothed baseline for
// character language models. The probability of id w after history h is
//
//	P(w | h) = max(c(h w) − D, 0) / c(h ·) + D · N(h ·) / c(h ·) · P(w | h')
//
// where h' drops h's first id, c is the count of the n-gram at the highest
// order and, below it, the number of distinct ids seen before it (the
// continuation count), N(h ·) the number of distinct ids seen after h, and
// the recursion ends in the uniform 1/V over the vocabulary, so every id of
// the vocabulary gets a probability above zero. A history never seen falls
// back to the order below.
type NGram struct {
	order, vocab int
	levels       []ngramLevel // levels[k-1] holds k-grams
	valid        []float64    // validation bits per character by order, when chosen
}

// ngramLevel holds one order's counts.
type ngramLevel struct {
	val  map[string]float64    // k-gram -> count (top order) or continuation count
	hist map[string]ngramStats // (k-1)-gram history -> its sums over the next id
	disc float64
}

// ngramStats is the sum of a history's counts and how many ids follow it.
type ngramStats struct{ sum, types float64 }

// ngramKey packs ids (each below 2^16) into a map key, two bytes an id.
func ngramKey(buf []byte, ids []int) []byte {
	buf = buf[:0]
	for _, id := range ids {
		buf = append(buf, byte(id>>8), byte(id))
	}
	return buf
}

// FitNGram fits an interpolated Kneser–Ney model to the ids of a training
// text over a vocabulary of vocabSize ids (see NGramOptions). It errors if
// vocabSize is not in 1..65536, an id is outside 0..vocabSize-1, ids is
// empty (or, to choose an order, has fewer than 20 ids), an order is not in
// 1..32 or the discount is not in [0, 1].
func FitNGram(ids []int, vocabSize int, opt NGramOptions) (*NGram, error) {
	if vocabSize < 1 || vocabSize > 1<<16 {
		return nil, errors.Errorf("datasets: n-gram vocabulary size %d, want 1..65536", vocabSize)
	}
	if len(ids) == 0 {
		return nil, errors.New("datasets: no ids to fit an n-gram model to")
	}
	for i, id := range ids {
		if id < 0 || id >= vocabSize {
			return nil, errors.Errorf("datasets: id %d at position %d is outside 0..%d", id, i, vocabSize-1)
		}
	}
	if opt.Order < 0 || opt.Order > maxNGramOrder || opt.MaxOrder < 0 || opt.MaxOrder > maxNGramOrder {
		return nil, errors.Errorf("datasets: n-gram order %d, max order %d, want 0..%d", opt.Order, opt.MaxOrder, maxNGramOrder)
	}
	if !(opt.Discount >= 0 && opt.Discount <= 1) {
		return nil, errors.Errorf("datasets: n-gram discount %v, want a value in [0, 1] (0: estimate)", opt.Discount)
	}
	if opt.Order > 0 {
		return fitNGram(ids, vocabSize, opt.Order, opt.Discount), nil
	}
	maxOrder := opt.MaxOrder
	if maxOrder == 0 {
		maxOrder = 12
	}
	if len(ids) < 20 {
		return nil, errors.Errorf("datasets: %d ids are too few to choose an n-gram order on a tenth of them; set Order", len(ids))
	}
	cut := len(ids) - len(ids)/10
	best, bestBits := 0, math.Inf(1)
	valid := make([]float64, maxOrder)
	for n := 1; n <= maxOrder; n++ {
		m := fitNGram(ids[:cut], vocabSize, n, opt.Discount)
		valid[n-1] = m.bits(ids[:cut], ids[cut:])
		if valid[n-1] < bestBits {
			best, bestBits = n, valid[n-1]
		}
	}
	m := fitNGram(ids, vocabSize, best, opt.Discount)
	m.valid = valid
	return m, nil
}

// fitNGram counts the n-grams of checked ids.
func fitNGram(ids []int, vocab, order int, discount float64) *NGram {
	m := &NGram{order: order, vocab: vocab, levels: make([]ngramLevel, order)}
	raw := make([]map[string]float64, order+1)
	var buf []byte
	for k := 1; k <= order; k++ {
		raw[k] = make(map[string]float64)
		for i := 0; i+k <= len(ids); i++ {
			buf = ngramKey(buf, ids[i:i+k])
			raw[k][string(buf)]++
		}
	}
	for k := 1; k <= order; k++ {
		val := raw[k]
		if k < order { // continuation counts: distinct ids seen before the k-gram
			val = make(map[string]float64)
			for g := range raw[k+1] {
				val[g[2:]]++
			}
		}
		lvl := ngramLevel{val: val, hist: make(map[string]ngramStats), disc: discount}
		var n1, n2 float64
		for g, c := range val {
			st := lvl.hist[g[:len(g)-2]]
			st.sum += c
			st.types++
			lvl.hist[g[:len(g)-2]] = st
			switch c {
			case 1:
				n1++
			case 2:
				n2++
			}
		}
		if discount == 0 {
			lvl.disc = 0.5
			if n1 > 0 {
				lvl.disc = n1 / (n1 + 2*n2)
			}
		}
		m.levels[k-1] = lvl
	}
	return m
}

// Order returns n, the number of ids an n-gram spans.
func (m *NGram) Order() int { return m.order }

// Discounts returns the discount of each order, lowest first.
func (m *NGram) Discounts() []float64 {
	out := make([]float64, len(m.levels))
	for i, l := range m.levels {
		out[i] = l.disc
	}
	return out
}

// ValidationBits returns, when FitNGram chose the order, the bits per
// character each order 1..MaxOrder scored on the last tenth of the training
// ids; nil when the order was given.
func (m *NGram) ValidationBits() []float64 { return append([]float64(nil), m.valid...) }

// Prob returns the probability of id next after history (only its last
// Order()-1 ids matter); 0 for an id outside the vocabulary or a nil model.
// History ids outside the vocabulary count as never seen.
func (m *NGram) Prob(history []int, next int) float64 {
	if m == nil || next < 0 || next >= m.vocab {
		return 0
	}
	for i := len(history) - 1; i >= 0 && i >= len(history)-(m.order-1); i-- {
		if history[i] < 0 || history[i] >= m.vocab {
			history = history[i+1:]
			break
		}
	}
	return m.prob(history, next, nil)
}

// prob is Prob for an id known to be in range, with a key buffer.
func (m *NGram) prob(history []int, next int, buf []byte) float64 {
	if len(history) > m.order-1 {
		history = history[len(history)-(m.order-1):]
	}
	p := 1 / float64(m.vocab)
	for k := 1; k <= len(history)+1; k++ {
		lvl := &m.levels[k-1]
		buf = ngramKey(buf, history[len(history)-(k-1):])
		st, ok := lvl.hist[string(buf)]
		if !ok {
			continue
		}
		buf = append(buf, byte(next>>8), byte(next))
		c := lvl.val[string(buf)]
		p = max(c-lvl.disc, 0)/st.sum + lvl.disc*st.types/st.sum*p
	}
	return p
}

// BitsPerChar returns the model's cross-entropy on ids in bits per id: the
// mean of −log2 P(ids[i] | preceding ids), where the ids before ids[0] are
// the end of context (pass the training ids to score a held-out part that
// follows them). It errors if ids is empty or an id is outside the
// vocabulary.
func (m *NGram) BitsPerChar(context, ids []int) (float64, error) {
	if m == nil {
		return 0, errors.New("datasets: BitsPerChar on a nil NGram")
	}
	if len(ids) == 0 {
		return 0, errors.New("datasets: no ids to score")
	}
	for i, id := range ids {
		if id < 0 || id >= m.vocab {
			return 0, errors.Errorf("datasets: id %d at position %d is outside the n-gram vocabulary 0..%d", id, i, m.vocab-1)
		}
	}
	for i, id := range context {
		if id < 0 || id >= m.vocab {
			return 0, errors.Errorf("datasets: context id %d at position %d is outside the n-gram vocabulary 0..%d", id, i, m.vocab-1)
		}
	}
	return m.bits(context, ids), nil
}

// bits is BitsPerChar on checked ids.
func (m *NGram) bits(context, ids []int) float64 {
	keep := min(len(context), m.order-1)
	seq := append(append(make([]int, 0, keep+len(ids)), context[len(context)-keep:]...), ids...)
	buf := make([]byte, 0, 2*m.order)
	total := 0.0
	for i := range ids {
		at := keep + i
		total -= math.Log2(m.prob(seq[max(0, at-(m.order-1)):at], seq[at], buf))
	}
	return total / float64(len(ids))
}
