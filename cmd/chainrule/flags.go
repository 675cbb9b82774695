package main

import (
	"strconv"
	"strings"

	"github.com/chainrule/chainrule/nets"
)

// parseKind checks a --net value.
func parseKind(s string) (nets.Kind, error) {
	switch k := nets.Kind(strings.ToLower(s)); k {
	case nets.KindPerceptron, nets.KindFF, nets.KindDFF, nets.KindRNN, nets.KindLSTM, nets.KindGRU, nets.KindCNN:
		return k, nil
	}
	return "", usagef("--net %q, want perceptron, ff, dff, rnn, lstm, gru or cnn", s)
}

// parseHidden parses "128,64" into layer sizes; "" is no layer.
func parseHidden(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var hs []int
	for _, f := range strings.Split(s, ",") {
		h, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || h < 1 || h > 1<<16 {
			return nil, usagef("--hidden %q: %q is not a layer size in 1..65536", s, f)
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// parseAct checks an --act value; "" keeps the net's default.
func parseAct(s string) (nets.Activation, error) {
	switch a := nets.Activation(strings.ToLower(s)); a {
	case "", nets.Sigmoid, nets.Tanh, nets.ReLU:
		return a, nil
	}
	return "", usagef("--act %q, want sigmoid, tanh or relu", s)
}

// joinInts formats sizes joined by sep, e.g. "784-128-10".
func joinInts(xs []int, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, sep)
}

// checkHidden checks that hs is a layer list the net kind takes: none for
// a perceptron, one size for ff, rnn, lstm and gru, one or more for dff. It is a
// usage error, like any other flag value out of range.
func checkHidden(kind nets.Kind, hs []int, flag string) error {
	switch {
	case kind == nets.KindPerceptron && len(hs) > 0:
		return usagef("--hidden %q: a perceptron has no hidden layer", flag)
	case (kind == nets.KindFF || kind == nets.KindRNN) && len(hs) != 1:
		return usagef("--hidden %q: %s takes exactly one hidden size", flag, kind)
	case (kind == nets.KindLSTM || kind == nets.KindGRU) && (len(hs) < 1 || len(hs) > nets.MaxGatedLayers):
		return usagef("--hidden %q: %s takes 1 to %d sizes, one per stacked layer", flag, kind, nets.MaxGatedLayers)
	case (kind == nets.KindDFF || kind == nets.KindCNN) && len(hs) == 0:
		return usagef("--hidden %q: %s takes one or more hidden sizes", flag, kind)
	}
	return nil
}

// parseLoss checks a --loss value; "" keeps the net's default.
func parseLoss(s string) (nets.Loss, error) {
	switch l := nets.Loss(strings.ToLower(s)); l {
	case "", nets.SSE, nets.BCE, nets.SoftmaxCE, nets.MSE:
		return l, nil
	}
	return "", usagef("--loss %q, want sse, bce, softmax-ce or mse", s)
}

// notEmpty rejects a string flag given explicitly as "" when its empty
// value would silently mean "the default".
func notEmpty(given map[string]bool, name, value, want string) error {
	if given[name] && strings.TrimSpace(value) == "" {
		return usagef("--%s %q, want %s (leave the flag out for the default)", name, value, want)
	}
	return nil
}
