// Package nets holds the four networks of the lecture — the perceptron, the
// feed-forward network (FF), the deep feed-forward network (DFF) and
// Elman's recurrent network (RNN) — with a training loop, evaluation with
// frozen weights, and a model file format.
//
// # Networks
//
// A Spec describes an architecture (kind, sizes, hidden activation, loss,
// dtype, sequence length); New(spec, seed) builds the network with seeded
// weights (Glorot-uniform before sigmoid and tanh, He-normal before ReLU,
// zero biases), so the same seed always gives bit-identical weights. Each
// network lists its params by name in a fixed order (Params) and writes its
// forward pass with ops (Logits); the loss picks the output layer: sigmoid
// for SSE (the lecture's ½Σ(t − o)²) and BCE, softmax for SoftmaxCE,
// identity for MSE.
//
// # Graphs
//
// Compile builds a network's graph for one batch size: inputs x and t, the
// output and loss nodes and, for training, the gradient nodes from
// autodiff.Grad; it is compiled once and run at every step through buffers
// bound to the inputs, so a step allocates nothing. The graph's params are
// the network's own tensors, so a training graph and an evaluation graph at
// another batch size share the weights.
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
