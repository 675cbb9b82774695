// Package solvers updates parameters in place from their gradients.
//
// A [Solver] takes two parallel slices of *tensor.Dense, the parameters and
// their gradients, and applies one step of its update rule to every parameter.
// Values must be float64 or float32 tensors; each solver keeps its state
// (momentum, moment estimates, accumulators) per index, so a caller passes the
// same parameters in the same order, with the same shapes, on every call.
// Once that state exists a Step allocates nothing.
//
// # Solvers
//
// The package has one file per method:
//
//   - [SGD]: vanilla gradient descent, w ← w − α·g (the lecture's rule
//     new w = old w − α·∂E/∂w).
//   - [Momentum]: classical or Nesterov momentum, as torch.optim.SGD.
//   - [Adam]: Kingma & Ba with bias correction, as torch.optim.Adam.
//   - [RMSProp]: as torch.optim.RMSprop (not centred, no momentum).
//   - [Adagrad]: as torch.optim.Adagrad.
//
// # Options
//
// Every solver embeds [Options]: the learning rate (LR, or a [Schedule] such as
// [Constant], [StepDecay] or [Exponential]), coupled L2 weight decay and
// gradient clipping by value and by global L2 norm. Zero values are the
// documented defaults: no decay, no clipping. The learning rate has no default;
// Step returns an error when neither LR nor Schedule is set. Negative, infinite
// or NaN hyper-parameters are errors, reported by Step before any parameter is
// changed.
//
// Step never writes to the gradients: clipping and weight decay are applied to
// a per-element copy of the gradient inside the update kernel.
//
// # Errors
//
// Step returns an error, prefixed "solvers:", when the slices differ in
// length, a tensor is nil or not plain row-major (a transposed view, a Slice
// that skips elements, a mask), a gradient's shape or dtype differs from its
// parameter's, a dtype is neither float64 nor float32, the shapes or dtypes
// change from the first call, or a hyper-parameter is invalid.
// On error no parameter is changed and the step counter does not advance.
//
// docs/solvers.md writes out every update rule and its PyTorch counterpart.
package solvers
