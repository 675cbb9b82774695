package layers

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Loss returns the scalar loss of a model's output y against the target t,
// a fed input of y's shape and dtype. ops.SoftmaxCrossEntropy (y are logits,
// t one-hot rows), ops.BinaryCrossEntropyLogits, ops.MeanSquaredError and
// ops.SquaredError are Losses as they are.
type Loss func(y, t *graph.Node) *graph.Node

// MaskedLoss is a Loss that also gets a fed mask of y's shape, 1 where a
// target is present and 0 where it is missing (see MaskedMSE).
type MaskedLoss func(y, t, mask *graph.Node) *graph.Node

// Optimizer updates params in place from their gradients, in one call with
// both lists in the same order; every solvers.Solver is one.
type Optimizer interface {
	Step(params, grads []*tensor.Dense) error
}

// Trainer computes a model's loss and the gradients of its params in
// training mode, at any batch size (a program per size, in the model's
// cache), and steps an Optimizer.
type Trainer struct {
	m      *Model
	loss   Loss
	masked MaskedLoss
	labels bool // the target is int class labels
	last   *program
}

// Trainer returns a trainer of m under loss, compiled at once for batches of
// the given size (other sizes compile on first use). It errors when the
// loss cannot be built, is not a scalar, or batch is not a size the model
// accepts.
func (m *Model) Trainer(batch int, loss Loss) (*Trainer, error) {
	if loss == nil {
		return nil, errors.New("layers: Trainer: nil loss")
	}
	return m.trainer(batch, &Trainer{m: m, loss: loss})
}

// LabelTrainer is Trainer for a loss whose target is int class labels: the
// target fed to Compute and Step is a tensor.Int of the output's shape
// without its last axis ([B] for logits [B, K]), each in 0 … K−1.
// ops.SoftmaxCrossEntropy takes such labels as they are (it makes them
// one-hot with ops.OneHot); a label out of range makes the step fail, naming
// it.
func (m *Model) LabelTrainer(batch int, loss Loss) (*Trainer, error) {
	if loss == nil {
		return nil, errors.New("layers: LabelTrainer: nil loss")
	}
	return m.trainer(batch, &Trainer{m: m, loss: loss, labels: true})
}

// MaskedTrainer is Trainer for a loss with a mask (missing targets, as in
// the facial-keypoints data); use ComputeMasked and StepMasked with it.
func (m *Model) MaskedTrainer(batch int, loss MaskedLoss) (*Trainer, error) {
	if loss == nil {
		return nil, errors.New("layers: MaskedTrainer: nil loss")
	}
	return m.trainer(batch, &Trainer{m: m, masked: loss})
}

func (m *Model) trainer(batch int, tr *Trainer) (*Trainer, error) {
	p, err := m.get(key{batch: batch, training: true, trainer: tr})
	if err != nil {
		return nil, err
	}
	tr.last = p
	return tr, nil
}

// Compute runs forward and backward passes on the batch x with targets t
// (of the output's shape, or int labels for a LabelTrainer) and returns the
// loss; the gradients are then in
// Grads. It updates the state tensors (batch norm's running statistics) but
// not the params.
func (tr *Trainer) Compute(x, t *tensor.Dense) (float64, error) {
	if tr.masked != nil {
		return 0, errors.New("layers: Trainer.Compute: the trainer's loss is masked; use ComputeMasked")
	}
	return tr.compute(x, t, nil)
}

// ComputeMasked is Compute for a MaskedTrainer: mask has t's shape, 1 where
// a target is present.
func (tr *Trainer) ComputeMasked(x, t, mask *tensor.Dense) (float64, error) {
	if tr.masked == nil {
		return 0, errors.New("layers: Trainer.ComputeMasked: the trainer's loss has no mask; use Compute")
	}
	return tr.compute(x, t, mask)
}

func (tr *Trainer) compute(x, t, mask *tensor.Dense) (float64, error) {
	b, err := tr.m.batchOf("Trainer", x)
	if err != nil {
		return 0, err
	}
	p := tr.last
	if p == nil || p.batch != b || tr.m.cache[0] != p {
		if p, err = tr.m.get(key{batch: b, training: true, trainer: tr}); err != nil {
			return 0, err
		}
		tr.last = p
	}
	for _, in := range []struct {
		what string
		v    *tensor.Dense
		n    *graph.Node
	}{{"target", t, p.t}, {"mask", mask, p.mask}} {
		if in.n == nil {
			continue
		}
		if in.v == nil || !in.v.Shape().Eq(in.n.Shape()) || in.v.Dtype() != in.n.Dtype() {
			var got any = "nil"
			if in.v != nil {
				got = in.v.Shape()
			}
			return 0, errors.Errorf("layers: Trainer: %s is %v, want %v %v (the output's shape)", in.what, got, in.n.Dtype(), in.n.Shape())
		}
	}
	if err := tr.m.run(p, x, t, mask); err != nil {
		return 0, errors.Wrap(err, "layers: Trainer")
	}
	v := p.prog.Value(p.loss)
	if v.Dtype() == tensor.Float32 {
		return float64(v.Float32s()[0]), nil
	}
	return v.Float64s()[0], nil
}

// Step is Compute followed by opt.Step(tr.Params(), tr.Grads()): one
// training step. It returns the loss before the update.
func (tr *Trainer) Step(x, t *tensor.Dense, opt Optimizer) (float64, error) {
	if opt == nil {
		return 0, errors.New("layers: Trainer.Step: nil optimizer")
	}
	loss, err := tr.Compute(x, t)
	if err != nil {
		return 0, err
	}
	return loss, tr.apply(opt)
}

// StepMasked is Step for a MaskedTrainer.
func (tr *Trainer) StepMasked(x, t, mask *tensor.Dense, opt Optimizer) (float64, error) {
	if opt == nil {
		return 0, errors.New("layers: Trainer.StepMasked: nil optimizer")
	}
	loss, err := tr.ComputeMasked(x, t, mask)
	if err != nil {
		return 0, err
	}
	return loss, tr.apply(opt)
}

func (tr *Trainer) apply(opt Optimizer) error {
	return errors.Wrap(opt.Step(tr.last.params, tr.last.grads), "layers: Trainer.Step")
}

// Params returns the model's trainable tensors in store order: the same
// tensors at every batch size. The slice is the trainer's own.
func (tr *Trainer) Params() []*tensor.Dense { return tr.last.params }

// Grads returns the gradients of the last Compute, in Params' order. The
// slice and tensors are the program's own, overwritten by the next run.
func (tr *Trainer) Grads() []*tensor.Dense { return tr.last.grads }

// Model returns the trainer's model.
func (tr *Trainer) Model() *Model { return tr.m }
