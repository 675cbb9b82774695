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
//   - the whole Opticks text (windows of 50): hidden 256, dropout 0.3 on
//     the states the output reads, batch 32, Adam 0.005 ×0.9, 10 epochs,
//     float32: GRU 2.089, LSTM 2.099 bits per character in 346 and 412
//     CPU-seconds, against the 7-gram's 1.997. Without dropout the GRU's
//     test loss was lowest at epoch 6 (1.513 nats) and rose after it;
//     hidden 128 reached 2.19 (GRU) and 2.27 (LSTM) bits in 8 epochs,
//     dropout 0.25 did not help it (2.28).
func gatedDefaults(kind nets.Kind, h *hyper, p *prepared) {
	if p.text != nil {
		h.hidden, h.batch, h.lr, h.decay, h.epochs, h.dtype = []int{256}, 32, 0.005, 0.9, 10, nets.Float32
		if kind != nets.KindRNN {
			h.dropout = 0.3
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
