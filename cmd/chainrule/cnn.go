package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/nets"
)

// cnnOverrides reads --channels, --dropout, --batch-norm and --shift into h: unset
// (nil, −1) unless given, and a usage error for a value out of range or
// for --channels and --batch-norm with another net than cnn (--dropout:
// than cnn, lstm or gru).
func (f *trainFlags) cnnOverrides(kind nets.Kind, given map[string]bool, h *hyper) error {
	h.dropout, h.shift = -1, -1
	h.batchNorm, h.bnSet = f.batchNorm, given["batch-norm"]
	for _, name := range []string{"channels", "dropout", "batch-norm"} {
		if !given[name] || kind == nets.KindCNN {
			continue
		}
		switch {
		case name != "dropout":
			return usagef("--%s is for --net cnn, not %s", name, kind)
		case kind != nets.KindLSTM && kind != nets.KindGRU:
			return usagef("--dropout is for --net cnn, lstm or gru, not %s", kind)
		}
	}
	if given["channels"] {
		cs, err := parseChannels(f.channels)
		if err != nil {
			return err
		}
		h.channels = cs
	}
	if given["dropout"] {
		if !(f.dropout >= 0 && f.dropout < 1) {
			return usagef("--dropout %v, want a rate in [0, 1)", f.dropout)
		}
		h.dropout = f.dropout
	}
	if given["shift"] {
		if f.shift < 0 || f.shift > datasets.MaxShift {
			return usagef("--shift %d, want 0 to %d pixels", f.shift, datasets.MaxShift)
		}
		h.shift = f.shift
	}
	return nil
}

// parseChannels parses "32,64" into conv block widths: one to eight
// blocks of 1 to 4096 filters.
func parseChannels(s string) ([]int, error) {
	fields := strings.Split(s, ",")
	if strings.TrimSpace(s) == "" || len(fields) > 8 {
		return nil, usagef("--channels %q, want one to eight filter counts such as 32,64", s)
	}
	cs := make([]int, len(fields))
	for i, f := range fields {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 || c > 4096 {
			return nil, usagef("--channels %q: %q is not a filter count in 1..4096", s, f)
		}
		cs[i] = c
	}
	return cs, nil
}

// cnnDefaults returns the cnn's settings on p's data, over the kind-free
// ones in h: Adam, float32, one dense layer of 128 with dropout, and per
// data set the block widths, epochs, learning-rate decay and image shift
// measured in docs/results.md.
func cnnDefaults(p *prepared, h hyper) hyper {
	h.hidden, h.act, h.solver, h.lr, h.l2 = []int{128}, nets.ReLU, "adam", 1e-3, 0
	h.loss = nets.SoftmaxCE
	if !p.train.IsClassification() {
		h.loss = nets.MSE
	}
	h.dtype, h.dropout, h.shift, h.batchNorm = nets.Float32, 0.25, 0, false
	h.batch, h.epochs, h.decay = 32, 10, 0
	if s := p.train.SampleShape; len(s) == 2 {
		h.channels = nets.DefaultChannels(s[0], s[1])
	}
	switch p.key {
	case "mnist":
		// Measured on the embedded MNIST, seed 1 (docs/results.md): 16,32
		// without batch norm, 12 epochs: 97.95 %; 32,64 without, 15 epochs:
		// 98.45 % for 1.3× the CPU time; 16,32 with batch norm, 15 epochs:
		// 98.70 %, 18 epochs: 98.80 % in 218 CPU seconds. With the fused
		// batch norm, 18 epochs ×0.85: 98.60 % (157 CPU s), 24: 98.75 %;
		// 22 epochs ×0.9: 98.80 % in 174 CPU s; on the idle machine, after
		// the NN weight gradient, 98.95 % in 112 s wall (seed 2: 98.70 %;
		// 28 epochs: 99.00 %, 98.50 %).
		h.channels, h.batchNorm, h.epochs, h.decay, h.shift = []int{16, 32}, true, 22, 0.9, 2
		if p.train.Len() >= largeMNIST {
			// The four standard files (60,000 training images), seed 1,
			// on t10k (docs/results.md): 32,64 without batch norm, 12
			// epochs, ×0.8 an epoch: 99.40 % in 1,195 CPU s (machine
			// heavily loaded); on the idle machine 99.36 % in 887 s wall,
			// under the 15 minutes by 13 s. The small-set recipe, before the fused
			// batch norm, cost ~92 CPU s an epoch here (one: 98.17 %).
			h.channels, h.batchNorm, h.epochs, h.decay = []int{32, 64}, false, 12, 0.8
		}
	case "digits":
		// Seeds 1–3: 98.6, 99.4, 98.6 % (16,32 with ±1 px shifts: 95–97.8 %).
		h.channels, h.dropout, h.lr, h.epochs, h.decay = []int{32, 64}, 0.5, 2e-3, 30, 0.95
	case "lfw":
		h.epochs, h.shift = 30, 1 // seeds 1–5: 100 % each
	case "fer2013":
		h.batchNorm, h.epochs, h.shift = true, 15, 1
	case "keypoints":
		h.channels, h.hidden, h.batch, h.epochs, h.dropout = []int{8, 16, 32}, []int{64}, 64, 20, 0
	}
	return h
}

// largeMNIST is the size of an MNIST-like training part (a --data
// directory) from which the cnn takes the large-set recipe: fewer passes
// over more images, wider blocks. The embedded 8,000 images stay below it.
const largeMNIST = 30000

// cnnLayers describes a CNN for the report: "1×28×28-c16-c32-128-10".
func cnnLayers(s nets.Spec) string {
	parts := []string{joinInts(s.Image, "×")}
	for _, c := range s.Channels {
		parts = append(parts, "c"+strconv.Itoa(c))
	}
	out := strings.Join(parts, "-") + "-" + joinInts(append(append([]int(nil), s.Hidden...), s.Outputs), "-")
	if s.BatchNorm {
		out += " (batch norm)"
	}
	if s.Dropout > 0 {
		out += fmt.Sprintf(" (dropout %g)", s.Dropout)
	}
	return out
}

// graphCNN sets the image and channels of the cnn `chainrule graph`
// prints: a square image of --in pixels (16, 4×4, unless given) and the
// --channels blocks. It errors on --channels for another net, or an --in
// that is not a square.
func graphCNN(fs *flag.FlagSet, kind nets.Kind, spec *nets.Spec, channels string) error {
	given := givenFlags(fs)
	if kind != nets.KindCNN {
		if given["channels"] {
			return usagef("--channels is for --net cnn, not %s", kind)
		}
		return nil
	}
	if !given["in"] {
		spec.Inputs = 16
	}
	side := int(math.Sqrt(float64(spec.Inputs)))
	if side*side != spec.Inputs {
		return usagef("--in %d: a cnn's input is a square image, want a square number of pixels such as 16 or 784", spec.Inputs)
	}
	cs, err := parseChannels(channels)
	if err != nil {
		return err
	}
	spec.Image, spec.Channels = []int{side, side}, cs
	return nil
}

// checkImages refuses a cnn on data whose samples are not images (iris,
// series): a convolution over four flower measurements is not a network
// anyone means.
func checkImages(kind nets.Kind, p *prepared) error {
	if s := p.train.SampleShape; kind == nets.KindCNN && (len(s) != 2 || s[0] < 2 || s[1] < 2 || p.series) {
		return fmt.Errorf("train: --net cnn needs image data (samples of H×W pixels); %s has samples of shape %v", p.name, s)
	}
	return nil
}
