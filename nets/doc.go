// Package nets holds the four networks of the lecture — the perceptron, the
// feed-forward network (FF), the deep feed-forward network (DFF) and
// Elman's recurrent network (RNN) — the gated recurrent networks LSTM and
// GRU and a convolutional network for images (CNN), as compositions of
// layers (package layers), with a training loop
// and evaluation with frozen weights for them and for any composition of
// layers, and a model file format.
//
// # Networks
//
// A Spec describes an architecture (kind, sizes, hidden activation, loss,
// dtype, sequence length); New(spec, seed) builds the network as a
// layers.Model with seeded weights (Glorot-uniform before sigmoid and tanh,
// He-normal before ReLU, zero biases), so the same seed always gives
// bit-identical weights. A CNN (Spec.Image, Channels, Dropout, BatchNorm)
// views each row of pixels as an image and stacks conv, batch-norm, ReLU and
// max-pool blocks sized by the image before a dense head; Config.Shift
// shifts its training images by a few random pixels every epoch. Each
// network lists its params by the lecture's names (a CNN's by its layers'
// names) in a fixed order (Params); the loss picks the output layer:
// sigmoid for SSE (the lecture's ½Σ(t − o)²) and BCE, softmax for
// SoftmaxCE, identity for MSE.
//
// The recurrent networks (rnn, lstm, gru) read a row of SeqLen steps and
// output at the last step or at every step; an lstm or gru stacks one layer
// per Spec.Hidden size. A Stepper runs one of them a step at a time,
// carrying its state; CharBits and SampleChars score and sample a
// character-level language model with it. Config.Stateful trains an lstm or
// gru with its state carried from batch to batch (truncated
// back-propagation through time), the windows of a text read in order as
// BatchSize streams, not shuffled.
//
// # Models
//
// Train, Evaluate and Compile take a Model: a *layers.Model and a Head
// saying how its output is scored (the loss, a mask, an output at every
// step). The four networks are Models; WithHead makes one of any
// composition of layers.
//
// # Graphs
//
// Compile builds a model's graph for one batch size: inputs x and t, the
// layers (in training mode for a training graph, in evaluation mode
// otherwise), the output and loss nodes and, for training, the gradient
// nodes from autodiff.Grad; it is compiled once and run at every step
// through buffers bound to the inputs, so a step allocates nothing. The
// graph's params are the layers model's own tensors, so a training graph
// and an evaluation graph at another batch size share the weights.
//
// # Training
//
// Train runs minibatch gradient descent (or any solvers.Solver) for a
// number of epochs, evaluates a held-out set after each, can stop early and
// restore the best weights, draws a progress bar on a terminal and writes
// loss and confusion-matrix PNGs. It stops, without applying the step, with
// an error naming the node where a NaN or infinity first appeared in the
// loss or a gradient. Evaluate returns the loss, outputs and predictions,
// and accuracy with a confusion matrix or the RMSE.
//
// # Files
//
// Save writes a model atomically in a versioned, checksummed format (see
// Magic and docs/nets.md), refusing a network Load could not rebuild;
// SaveWith adds the caller's settings to the same file. Load rebuilds the
// network from the file alone (format 2 or 1), LoadWith also returns the
// settings, and LoadInto fills an existing network, naming every spec field
// and param that differs. SaveParams stores a custom network's params for
// LoadInto. Truncated, corrupted, foreign and oversized files are errors
// (ErrTruncated, ErrCorrupted, ErrForeign, ErrTooLarge), never panics or
// unbounded reads. SaveNPZ and SaveSafetensors export the weights as a NumPy
// .npz archive (numpy.load(path)["W1"]) or a safetensors file for use
// elsewhere, and LoadNPZ and LoadSafetensors load PyTorch's or NumPy's
// weights into a network by param name (package weights holds the formats).
package nets
