package nets

import (
	"math"
	"math/rand/v2"

	"github.com/pkg/errors"
)

// checkCharModel reports whether net is a character model: a recurrent
// network reading one-hot ids (Inputs = Outputs = the vocabulary size)
// under softmax cross-entropy. It returns the vocabulary size.
func checkCharModel(what string, net Network) (int, error) {
	if isNil(net) {
		return 0, errors.Errorf("nets: %s: nil network", what)
	}
	s := net.Spec()
	if !s.Kind.Recurrent() || s.Loss != SoftmaxCE || s.Inputs != s.Outputs {
		return 0, errors.Errorf("nets: %s: a %s network with %d inputs, %d outputs and loss %s; want rnn, lstm or gru with softmax-ce and as many outputs as inputs (one per character)",
			what, s.Kind, s.Inputs, s.Outputs, s.Loss)
	}
	return s.Inputs, nil
}

// CharBits returns a character model's cross-entropy on ids in bits per
// character: the mean over ids of −log2 P(ids[i] | context, ids[:i]), the
// model reading context and then ids one-hot, one step each, from the zero
// state, the state carried over every step (pass the end of the training
// text as context to score a held-out part that follows it, as
// datasets.NGram.BitsPerChar does). net is an rnn, lstm or gru with
// softmax-ce and one input and one output per character. It errors on
// another network, empty ids, or an id outside the vocabulary.
func CharBits(net Network, context, ids []int) (float64, error) {
	v, err := checkCharModel("CharBits", net)
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, errors.New("nets: CharBits: no ids to score")
	}
	seq := append(append([]int(nil), context...), ids...)
	for i, id := range seq {
		if id < 0 || id >= v {
			return 0, errors.Errorf("nets: CharBits: id %d at position %d (of context and ids) is outside 0..%d", id, i, v-1)
		}
	}
	st, err := NewStepper(net)
	if err != nil {
		return 0, err
	}
	x := make([]float64, v)
	var probs []float64
	total := 0.0
	for i, id := range seq {
		if i >= len(context) {
			if probs == nil { // no context: the first id has the uniform probability
				total += math.Log2(float64(v))
			} else {
				total -= math.Log2(max(probs[id], math.SmallestNonzeroFloat64))
			}
		}
		x[id] = 1
		if probs, err = st.Step(x); err != nil {
			return 0, err
		}
		x[id] = 0
	}
	return total / float64(len(ids)), nil
}

// SampleChars generates n ids from a character model: it reads prime (at
// least one id) one-hot from the zero state, then draws each next id from
// the model's distribution sharpened by temperature (p_k^(1/T),
// renormalised: 1 is the model's own distribution, below 1 more likely
// characters, above 1 more surprising ones) with rng, and feeds it back.
// The same rng state gives the same ids. It errors on another network, an
// empty prime, an id outside the vocabulary, n < 0 or a temperature that is
// not positive and finite.
func SampleChars(net Network, prime []int, n int, temperature float64, rng *rand.Rand) ([]int, error) {
	v, err := checkCharModel("SampleChars", net)
	if err != nil {
		return nil, err
	}
	switch {
	case len(prime) == 0:
		return nil, errors.New("nets: SampleChars: an empty prime; give at least one id to start from")
	case n < 0:
		return nil, errors.Errorf("nets: SampleChars: %d ids to generate, want >= 0", n)
	case !(temperature > 0) || math.IsInf(temperature, 0):
		return nil, errors.Errorf("nets: SampleChars: temperature %v, want a positive number", temperature)
	case rng == nil:
		return nil, errors.New("nets: SampleChars: nil random generator")
	}
	for i, id := range prime {
		if id < 0 || id >= v {
			return nil, errors.Errorf("nets: SampleChars: prime id %d at position %d is outside 0..%d", id, i, v-1)
		}
	}
	st, err := NewStepper(net)
	if err != nil {
		return nil, err
	}
	x := make([]float64, v)
	w := make([]float64, v)
	var probs []float64
	for _, id := range prime {
		x[id] = 1
		if probs, err = st.Step(x); err != nil {
			return nil, err
		}
		x[id] = 0
	}
	out := make([]int, 0, n)
	for len(out) < n {
		id := draw(probs, w, temperature, rng)
		out = append(out, id)
		if len(out) == n {
			break
		}
		x[id] = 1
		if probs, err = st.Step(x); err != nil {
			return nil, err
		}
		x[id] = 0
	}
	return out, nil
}

// draw returns an index drawn from probs raised to 1/temperature and
// renormalised (w is scratch of probs' length); the weights are computed
// in logs, relative to the largest, so a low temperature cannot underflow
// every one of them.
func draw(probs, w []float64, temperature float64, rng *rand.Rand) int {
	top := math.Inf(-1)
	for _, p := range probs {
		top = max(top, math.Log(p))
	}
	sum := 0.0
	for i, p := range probs {
		w[i] = math.Exp((math.Log(p) - top) / temperature)
		sum += w[i]
	}
	u := rng.Float64() * sum
	for i, wi := range w {
		if u < wi {
			return i
		}
		u -= wi
	}
	last := len(w) - 1
	for last > 0 && w[last] == 0 {
		last--
	}
	return last
}
