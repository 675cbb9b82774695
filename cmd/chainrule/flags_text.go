package main

import (
	"math"
	"strings"

	"github.com/chainrule/chainrule/nets"
)

// maxSample bounds --sample: each character is a step of the model.
const maxSample = 1 << 20

// checkTextFlags checks, before any data is loaded, the flags of a text
// model and of the gated networks: the text needs a recurrent net scored
// by softmax-ce at every step; --sample needs the text; an LSTM's or GRU's
// activations are fixed (tanh).
func checkTextFlags(kind nets.Kind, data, loss, act string, sample int, temperature float64) error {
	text := strings.ToLower(data) == "opticks"
	switch {
	case text && !kind.Recurrent():
		return usagef("--data opticks is a text for a character model: use --net lstm, gru or rnn, not %s", kind)
	case text && loss != "" && nets.Loss(strings.ToLower(loss)) != nets.SoftmaxCE:
		return usagef("--loss %q: a character model is scored by softmax-ce at every step", loss)
	case (kind == nets.KindLSTM || kind == nets.KindGRU) && act != "" && nets.Activation(strings.ToLower(act)) != nets.Tanh:
		return usagef("--act %q: %s's gates are sigmoid and its candidate tanh, fixed (want tanh or no --act)", act, kind)
	case sample > 0 && !text:
		return usagef("--sample %d: only a text model generates characters (--data opticks), not %s", sample, data)
	}
	return checkSampleFlags(sample, temperature)
}

// checkSampleFlags checks --sample and --temperature.
func checkSampleFlags(sample int, temperature float64) error {
	switch {
	case sample < 0 || sample > maxSample:
		return usagef("--sample %d, want 0..%d characters", sample, maxSample)
	case !(temperature > 0) || math.IsInf(temperature, 0):
		return usagef("--temperature %v, want a positive number", temperature)
	}
	return nil
}
