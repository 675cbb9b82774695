package graph

import "gorgonia.org/tensor"

// Mode is what a program tells the ops whose result depends on how it runs
// (see ModeOp), at every run.
type Mode struct {
	// Training is true between SetTraining(true) and SetTraining(false):
	// dropout drops elements (and batch norm, later, uses the batch's
	// statistics). A program starts in evaluation mode.
	Training bool
	// Counter is the number of training runs the program made before this
	// one (or the value SetCounter gave it since): ops that draw random
	// numbers key them by it, so each training run draws afresh. It does not
	// advance in evaluation mode.
	Counter uint64
}

// ModeOp is an optional interface of an Op whose result depends on the
// program's Mode, such as dropout. Compile never folds such an op (its
// result is not a constant even when its operands are), and instead of
// Forward or Preparer a program calls the function PrepareMode returns,
// bound to the step's buffers at Compile (and again after Bind), with the
// program's Mode at every run. Forward must compute the result in evaluation
// mode (Mode{}), for callers that run the op outside a program.
//
// The function must not allocate; it may return an error or panic on bad
// data, which the program turns into a RunError. A nil function makes the
// program call Forward.
type ModeOp interface {
	PrepareMode(dst *tensor.Dense, in []*tensor.Dense) func(m Mode) error
}

// SetTraining switches the program between training (on) and evaluation
// (off) mode, which ModeOps such as ops.Dropout read at every run.
//
// A program starts in evaluation mode, so that a compiled program is a
// deterministic function of its inputs unless asked otherwise: a program
// compiled for inference, a gradient check or a benchmark needs no call, and
// forgetting the call in a training loop costs regularisation, not wrong
// predictions. (PyTorch's modules start in training mode instead; here the
// training loop says so once.)
func (p *Program) SetTraining(on bool) { p.mode.Training = on }

// Training reports whether the program is in training mode.
func (p *Program) Training() bool { return p.mode.Training }

// SetCounter sets the run counter that the next training run passes to the
// ops (Mode.Counter); each training run then advances it by one. Setting it
// back before each run repeats the same random draws (a gradient check with
// dropout's mask held fixed), and setting it to a saved value resumes a
// training run's sequence of draws.
func (p *Program) SetCounter(n uint64) { p.mode.Counter = n }

// Counter returns the run counter that the next training run passes to the
// ops: the number of training runs made so far, unless SetCounter set it.
func (p *Program) Counter() uint64 { return p.mode.Counter }
