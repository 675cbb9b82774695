package main

import (
	"os"
	"strconv"
)

// gatedDefaults sets the LSTM's and GRU's settings on data key over the
// ones defaults chose for the RNN (hidden 128, tanh, Adam at 1e-3, softmax
// cross-entropy or MSE).
func gatedDefaults(h *hyper, key string) {
	switch key {
	case "mnist", "fer2013":
		h.batch, h.epochs, h.lr = 32, 4, 0.002
	}
	if v, err := strconv.Atoi(os.Getenv("XSHIFTS")); err == nil {
		h.shifts = v
	}
}
