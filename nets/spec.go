package nets

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Kind names a network type: the lecture's four, and the gated recurrent
// networks LSTM and GRU.
type Kind string

// The network kinds.
const (
	KindPerceptron Kind = "perceptron" // one layer, sigmoid output
	KindFF         Kind = "ff"         // one hidden layer
	KindDFF        Kind = "dff"        // any number of hidden layers
	KindRNN        Kind = "rnn"        // Elman recurrent network
	KindLSTM       Kind = "lstm"       // long short-term memory (gated recurrent)
	KindGRU        Kind = "gru"        // gated recurrent unit
	KindCNN        Kind = "cnn"        // convolutional network for images
)

// Recurrent reports whether k reads a sequence step by step (rnn, lstm,
// gru): Spec.SeqLen and Spec.EveryStep apply to it.
func (k Kind) Recurrent() bool { return k == KindRNN || k == KindLSTM || k == KindGRU }

// Activation names a hidden layer's nonlinearity.
type Activation string

// The hidden activations.
const (
	Sigmoid Activation = "sigmoid"
	Tanh    Activation = "tanh"
	ReLU    Activation = "relu"
)

// Loss names the output layer and the error function together: the output
// activation follows from the loss.
type Loss string

// The losses. Each is averaged over the samples of a batch.
const (
	// SSE is the lecture's E = ½Σ_k(t_k − o_k)² on sigmoid outputs.
	SSE Loss = "sse"
	// BCE is binary cross-entropy on sigmoid outputs, computed from the
	// logits without overflow.
	BCE Loss = "bce"
	// SoftmaxCE is cross-entropy on softmax outputs (one-hot targets).
	SoftmaxCE Loss = "softmax-ce"
	// MSE is the mean of (t − o)² over the outputs, with identity outputs,
	// for regression; with Spec.Masked only present targets count.
	MSE Loss = "mse"
)

// Dtype is the element type a network computes in: "float64" or "float32".
type Dtype string

// The dtypes.
const (
	Float64 Dtype = "float64"
	Float32 Dtype = "float32"
)

// Tensor returns the tensor dtype; the empty Dtype is float64.
func (d Dtype) Tensor() tensor.Dtype {
	if d == Float32 {
		return tensor.Float32
	}
	return tensor.Float64
}

// MaxSeqLen bounds an RNN's sequence length. New builds the network's
// layers once, unrolled over every step (some 4 KiB and 50 µs a step), so
// that a model file of a few bytes claiming a billion steps cannot make Load
// allocate gigabytes; 10,000 steps cost New (and Load) about 45 MB and half
// a second, and a graph for training with backpropagation through time is
// past practical well before.
const MaxSeqLen = 10000

// MaxGatedLayers is the most layers an LSTM or GRU stacks (Spec.Hidden's
// sizes).
const MaxGatedLayers = 8

// Spec describes an architecture completely: New builds a network from it
// and a saved model stores it as JSON, so that Load can rebuild the network.
// Zero fields take the defaults given by Normalize.
type Spec struct {
	Kind       Kind       `json:"kind"`
	Inputs     int        `json:"inputs"`               // features per sample (per step for rnn, lstm, gru)
	Hidden     []int      `json:"hidden,omitempty"`     // hidden layer sizes (the state size for rnn; each stacked layer's for lstm, gru)
	Outputs    int        `json:"outputs"`              // output units (per step with EveryStep)
	Activation Activation `json:"activation,omitempty"` // hidden activation
	Loss       Loss       `json:"loss,omitempty"`       // output layer and error function
	Dtype      Dtype      `json:"dtype,omitempty"`      // float64 (default) or float32
	SeqLen     int        `json:"seq_len,omitempty"`    // rnn, lstm, gru: time steps per sample
	EveryStep  bool       `json:"every_step,omitempty"` // rnn, lstm, gru: an output at every step, not only the last
	Masked     bool       `json:"masked,omitempty"`     // MSE: targets come with a mask of present values

	Image     []int   `json:"image,omitempty"`      // CNN: one sample's image [C, H, W] ([H, W]: one channel)
	Channels  []int   `json:"channels,omitempty"`   // CNN: filters of each conv block (default DefaultChannels)
	Dropout   float64 `json:"dropout,omitempty"`    // CNN: dropout rate after each hidden dense layer; LSTM, GRU: on the states the output layer reads (0: none)
	BatchNorm bool    `json:"batch_norm,omitempty"` // CNN: batch norm after each convolution
}

// Normalize returns s with defaults filled in: activation sigmoid for a
// perceptron and FF, relu for DFF and CNN, tanh for RNN, LSTM and GRU (whose
// activations are fixed: tanh is the only one they take); loss SSE for
// perceptron and FF, SoftmaxCE for DFF and CNN, MSE for RNN, LSTM and GRU;
// dtype float64; a sequence length of 1; for a CNN, the image, channels and
// dense sizes normalizeCNN fills in.
// It errors, saying which field is wrong, when the spec cannot be built.
func (s Spec) Normalize() (Spec, error) {
	s.Hidden = append([]int(nil), s.Hidden...)
	def := map[Kind][2]string{
		KindPerceptron: {string(Sigmoid), string(SSE)}, KindFF: {string(Sigmoid), string(SSE)},
		KindDFF: {string(ReLU), string(SoftmaxCE)}, KindRNN: {string(Tanh), string(MSE)},
		KindLSTM: {string(Tanh), string(MSE)}, KindGRU: {string(Tanh), string(MSE)},
		KindCNN: {string(ReLU), string(SoftmaxCE)},
	}
	d, ok := def[s.Kind]
	if !ok {
		return s, errors.Errorf("nets: unknown kind %q (want perceptron, ff, dff, rnn, lstm, gru or cnn)", s.Kind)
	}
	if s.Activation == "" {
		s.Activation = Activation(d[0])
	}
	if s.Loss == "" {
		s.Loss = Loss(d[1])
	}
	if s.Dtype == "" {
		s.Dtype = Float64
	}
	if s.Kind.Recurrent() && s.SeqLen == 0 {
		s.SeqLen = 1
	}
	if s.Kind == KindCNN {
		s = s.normalizeCNN()
	}
	return s, s.validate()
}

func (s Spec) validate() error {
	if err := s.validateCNN(); err != nil {
		return err
	}
	switch {
	case s.Inputs < 1:
		return errors.Errorf("nets: %s: inputs %d, want >= 1", s.Kind, s.Inputs)
	case s.Outputs < 1:
		return errors.Errorf("nets: %s: outputs %d, want >= 1", s.Kind, s.Outputs)
	case s.Dtype != Float64 && s.Dtype != Float32:
		return errors.Errorf("nets: %s: dtype %q, want float64 or float32", s.Kind, s.Dtype)
	case s.Activation != Sigmoid && s.Activation != Tanh && s.Activation != ReLU:
		return errors.Errorf("nets: %s: activation %q, want sigmoid, tanh or relu", s.Kind, s.Activation)
	case s.Loss != SSE && s.Loss != BCE && s.Loss != SoftmaxCE && s.Loss != MSE:
		return errors.Errorf("nets: %s: loss %q, want sse, bce, softmax-ce or mse", s.Kind, s.Loss)
	case s.Masked && s.Loss != MSE:
		return errors.Errorf("nets: %s: a mask needs loss mse, not %q", s.Kind, s.Loss)
	case s.Loss == SoftmaxCE && s.Outputs < 2:
		return errors.Errorf("nets: %s: softmax-ce needs at least 2 outputs, have %d", s.Kind, s.Outputs)
	}
	for i, h := range s.Hidden {
		if h < 1 {
			return errors.Errorf("nets: %s: hidden layer %d has size %d, want >= 1", s.Kind, i, h)
		}
	}
	nh := len(s.Hidden)
	switch s.Kind {
	case KindPerceptron:
		if nh != 0 {
			return errors.Errorf("nets: perceptron has no hidden layer, spec has %d", nh)
		}
	case KindFF, KindRNN:
		if nh != 1 {
			return errors.Errorf("nets: %s needs exactly one hidden size, spec has %d", s.Kind, nh)
		}
	case KindLSTM, KindGRU:
		if nh < 1 || nh > MaxGatedLayers {
			return errors.Errorf("nets: %s needs 1 to %d hidden sizes (one per stacked layer), spec has %d", s.Kind, MaxGatedLayers, nh)
		}
	case KindDFF, KindCNN:
		if nh < 1 {
			return errors.Errorf("nets: %s needs at least one hidden layer", s.Kind)
		}
	}
	rec := s.Kind.Recurrent()
	if rec && (s.SeqLen < 1 || s.SeqLen > MaxSeqLen) {
		return errors.Errorf("nets: %s: sequence length %d, want 1 to %d (nets.MaxSeqLen: the network is unrolled over every step)", s.Kind, s.SeqLen, MaxSeqLen)
	}
	if !rec && (s.SeqLen > 1 || s.EveryStep) {
		return errors.Errorf("nets: %s: seq_len and every_step are for rnn, lstm and gru only", s.Kind)
	}
	if rec && (s.Inputs > math.MaxInt/s.SeqLen || s.Outputs > math.MaxInt/s.SeqLen) {
		return errors.Errorf("nets: %s: %d steps of %d inputs or %d outputs are more than an int can count", s.Kind, s.SeqLen, s.Inputs, s.Outputs)
	}
	if (s.Kind == KindLSTM || s.Kind == KindGRU) && s.Activation != Tanh {
		return errors.Errorf("nets: %s: activation %q; its gates are sigmoid and its candidate tanh, fixed (want tanh or none)", s.Kind, s.Activation)
	}
	return nil
}

// checkSize returns an error, before any weight is allocated, when the
// weights of the network s describes (s valid) take more bytes than an int
// can count or more than graph.MemoryLimit; the latter error wraps
// graph.ErrMemoryLimit.
func (s Spec) checkSize() error {
	elems, ok := 0, true
	add := func(in, out int) { // a dense layer: in·out weights and out biases
		if !ok || in > (math.MaxInt-out)/out {
			ok = false
			return
		}
		if n := in*out + out; n > math.MaxInt-elems {
			ok = false
		} else {
			elems += n
		}
	}
	dims := append(append([]int{s.Inputs}, s.Hidden...), s.Outputs)
	if s.Kind == KindCNN {
		elems, ok = s.cnnElems()
	} else if s.Kind.Recurrent() {
		g, in := s.gates(), s.Inputs
		for _, h := range s.Hidden { // one layer of the stack after another
			for i := 0; i < g; i++ { // one Elman-sized block of weights per gate
				add(in, h)
				add(h, h)
				elems -= h // Wh has no bias of its own
			}
			if s.Kind == KindGRU {
				add(0, 3*h) // bh
			}
			in = h
		}
		add(in, s.Outputs)
	} else {
		for i := 0; i+1 < len(dims); i++ {
			add(dims[i], dims[i+1])
		}
	}
	layers := joinDims(dims)
	es := 8
	if s.Dtype == Float32 {
		es = 4
	}
	if !ok || elems > math.MaxInt/es {
		return errors.Errorf("nets: %s %s: the weights are more than an int can count", s.Kind, layers)
	}
	if b, limit := elems*es, graph.MemoryLimit(); b > limit {
		return fmt.Errorf("nets: %s %s (%s): the %d weights take %s, %w of %s (graph.SetMemoryLimit)",
			s.Kind, layers, s.Dtype, elems, graph.FormatBytes(b), graph.ErrMemoryLimit, graph.FormatBytes(limit))
	}
	return nil
}

// joinDims formats layer sizes as "784-128-10".
func joinDims(dims []int) string {
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, "-")
}

// gates returns the number of gate blocks of a recurrent cell: 1 for Elman,
// 4 for an LSTM (i, f, g, o), 3 for a GRU (r, z, n).
func (s Spec) gates() int {
	switch s.Kind {
	case KindLSTM:
		return 4
	case KindGRU:
		return 3
	}
	return 1
}

// InputWidth returns the number of features of one sample: Inputs, times
// SeqLen for a recurrent network.
func (s Spec) InputWidth() int {
	if s.Kind.Recurrent() {
		return s.Inputs * max(1, s.SeqLen)
	}
	return s.Inputs
}

// OutputWidth returns the number of outputs of one sample: Outputs, times
// SeqLen for a recurrent network with EveryStep.
func (s Spec) OutputWidth() int {
	if s.Kind.Recurrent() && s.EveryStep {
		return s.Outputs * max(1, s.SeqLen)
	}
	return s.Outputs
}

// weightCount returns the number of weights (all params' elements, and a
// CNN's batch-norm statistics) of the network s describes, and false when a size is so large that the count
// would overflow.
func (s Spec) weightCount() (int, bool) {
	const limit = 1 << 30 // so that three products and their sum fit in an int64
	dims := append(append([]int{s.Inputs}, s.Hidden...), s.Outputs)
	for _, d := range dims {
		if d < 0 || d > limit {
			return -1, false
		}
	}
	dense := func(in, out int) int { return in*out + out }
	if s.Kind == KindCNN {
		return s.cnnElems()
	}
	n := 0
	if s.Kind.Recurrent() {
		g, in := s.gates(), s.Inputs
		for _, h := range s.Hidden {
			n += g * (dense(in, h) + h*h)
			if s.Kind == KindGRU {
				n += g * h // bh
			}
			in = h
		}
		return n + dense(in, s.Outputs), true
	}
	for i := 0; i+1 < len(dims); i++ {
		if n += dense(dims[i], dims[i+1]); n > limit*limit {
			return -1, false
		}
	}
	return n, true
}
