package nets

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/solvers"
)

// Config configures Train. Zero fields take the documented defaults.
type Config struct {
	// Epochs is the number of passes over the training set. Default 10.
	Epochs int
	// BatchSize is the number of samples per step; the last, shorter batch
	// of an epoch is skipped (the shuffle changes it every epoch). Default
	// 32, or the training set's size if smaller.
	BatchSize int
	// Solver updates the params. Default: gradient descent (solvers.SGD)
	// with learning rate LR.
	Solver solvers.Solver
	// LR is the default solver's learning rate. Default 0.1.
	LR float64
	// Seed seeds the shuffling of the training set.
	Seed uint64
	// Patience stops training when the held-out loss has not improved for
	// this many epochs, and restores the weights of the best epoch. Zero
	// means no early stopping; it needs a test set.
	Patience int
	// Progress receives a progress bar: on a terminal a line per epoch with
	// the running loss and the time left, redrawn in place; on any other
	// writer only the finished epoch lines. Nil means standard error when it
	// is a terminal, and no bar otherwise.
	Progress io.Writer
	// Quiet turns the progress bar off whatever Progress says.
	Quiet bool
	// Shift, when > 0, moves every training image by a random offset of
	// up to Shift pixels each way, drawn afresh for every sample of every
	// epoch (datasets.Shifter, seeded from Seed), before the step: data
	// augmentation for image classification. It needs a training set whose
	// SampleShape is an image ([H, W] or [C, H, W]) and classes, not
	// regression targets (a shift would move keypoints off their targets).
	Shift int
	// Stateful trains a recurrent network with its state carried from
	// batch to batch (truncated back-propagation through time, char-rnn's
	// way): the training set's rows, consecutive windows of one sequence
	// (each row continuing the one before), are cut into BatchSize
	// contiguous streams, row j of every batch continues row j of the
	// batch before (datasets.StreamOrder: the last rows that fill no
	// stream are left out), and each step starts from the states the step
	// before ended in, no gradient flowing back through them; the states
	// start at zero at every epoch. The rows are not shuffled. The network
	// must carry state (lstm, gru: their layers register it with
	// layers.Scope.CarryIn); the evaluation after each epoch still runs
	// every test sample from the zero state.
	Stateful bool
	// PlotsDir, when set, receives loss.png (train and test loss per epoch)
	// and, for classification with a test set, confusion.png.
	PlotsDir string
}

// History records a training run.
type History struct {
	TrainLoss []float64 // mean batch loss of each epoch
	TestLoss  []float64 // held-out loss after each epoch (empty without a test set)
	Seconds   float64   // wall time of the whole run
	Epochs    int       // epochs run
	BestEpoch int       // 1-based epoch of the lowest test loss (0 without a test set)
	Stopped   bool      // stopped early by Patience
}

// Train fits net (one of the networks New builds, or any composition
// of layers with a Head, see Model) to train with minibatch gradient
// descent (or cfg.Solver), evaluating on test (which may be nil) after
// every epoch with frozen weights. One program with gradients is compiled
// for the batch size, its layers built in training mode (dropout drops,
// batch norm uses the batch's statistics and updates its running ones), and
// run at every step; the solver gets all params and their gradients in one
// call. Evaluation uses its own programs, built in evaluation mode, sharing
// the same tensors.
//
// Train errors when a dataset does not fit the network, the config is
// invalid, a solver step fails, or the loss or a gradient becomes NaN or
// infinite: that error names the first node that produced a non-finite
// value, and the failing step is not applied, so the weights are those
// before it (a solver update that overflows shows up at the next step, and
// Save refuses the non-finite weights it leaves). The History is returned
// even on error.
func Train(net Model, train, test *datasets.Dataset, cfg Config) (*History, error) {
	h := &History{}
	start := time.Now()
	defer func() { h.Seconds = time.Since(start).Seconds() }()
	if isNilModel(net) {
		return h, errors.New("nets: Train: nil network")
	}
	s, err := describe(net)
	if err != nil {
		return h, errors.Wrap(err, "nets: Train")
	}
	if err := checkData(s, train); err != nil {
		return h, errors.Wrap(err, "nets: Train: training set")
	}
	if test != nil {
		if err := checkData(s, test); err != nil {
			return h, errors.Wrap(err, "nets: Train: test set")
		}
	}
	cfg, err = cfg.withDefaults(train.Len(), test != nil)
	if err != nil {
		return h, err
	}
	c, err := compile(net, s, cfg.BatchSize, true, cfg.Stateful)
	if err != nil {
		return h, err
	}
	it, err := trainBatches(train, c, cfg)
	if err != nil {
		return h, err
	}
	var shift *datasets.Shifter
	if cfg.Shift > 0 {
		if !train.IsClassification() {
			return h, errors.Errorf("nets: Train: shift %d: data set %q has regression targets, which a shift of the image would not move", cfg.Shift, train.Name)
		}
		if shift, err = datasets.NewShifter(train.SampleShape, cfg.Shift, cfg.Seed^shiftStream); err != nil {
			return h, errors.Wrapf(err, "nets: Train: data set %q", train.Name)
		}
	}
	ev := &evaluator{net: net, sh: s, batch: EvalBatch, progs: map[int]*Compiled{}}
	tensors := storeValues(net)
	bar := newBar(cfg, it.NumBatches())
	defer bar.finish() // also on an error, so that the message starts a line
	var best []*tensor.Dense
	bestLoss := math.Inf(1)
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		sum := 0.0
		c.resetCarries()
		for it.Next() {
			if shift != nil {
				if err := shift.Shift(it.X()); err != nil {
					return h, errors.Wrapf(err, "nets: Train: epoch %d", epoch)
				}
			}
			c.fill(it.X(), it.Y(), it.Mask())
			loss, err := c.step(cfg.Solver)
			if err != nil {
				return h, errors.Wrapf(err, "nets: Train: epoch %d", epoch)
			}
			sum += loss
			bar.add(epoch, loss)
		}
		it.Reset()
		h.Epochs = epoch
		h.TrainLoss = append(h.TrainLoss, sum/float64(it.NumBatches()))
		if test == nil {
			continue
		}
		e, err := ev.run(test)
		if err != nil {
			return h, err
		}
		if math.IsNaN(e.Loss) || math.IsInf(e.Loss, 0) {
			return h, errors.Errorf("nets: Train: epoch %d: test loss is %v", epoch, e.Loss)
		}
		h.TestLoss = append(h.TestLoss, e.Loss)
		bar.testLoss(e.Loss)
		if e.Loss < bestLoss {
			bestLoss, h.BestEpoch = e.Loss, epoch
			if cfg.Patience > 0 {
				best = snapshot(tensors, best)
			}
		} else if cfg.Patience > 0 && epoch-h.BestEpoch >= cfg.Patience {
			h.Stopped = true
			break
		}
	}
	bar.finish()
	if best != nil && h.BestEpoch != h.Epochs {
		restore(tensors, best)
	}
	return h, writePlots(cfg.PlotsDir, s.name, test, h, ev)
}

// trainBatches returns the training batches: shuffled with cfg.Seed every
// epoch or, with cfg.Stateful, in stream order (Config.Stateful), which
// needs a network that carries state.
func trainBatches(train *datasets.Dataset, c *Compiled, cfg Config) (*datasets.Batches, error) {
	if !cfg.Stateful {
		return datasets.NewBatches(train, cfg.BatchSize, NewRNG(cfg.Seed), true)
	}
	if len(c.carries) == 0 {
		return nil, errors.New("nets: Train: Stateful: the network carries no state from batch to batch; lstm and gru do")
	}
	order, err := datasets.StreamOrder(train.Len(), cfg.BatchSize)
	if err != nil {
		return nil, errors.Wrap(err, "nets: Train: Stateful")
	}
	return datasets.NewBatchesInOrder(train, cfg.BatchSize, order)
}

// shiftStream makes the shifts' generator differ from the shuffle's for one
// Seed.
const shiftStream = 0x5b1f7c3a9e2d4f61

func (cfg Config) withDefaults(n int, haveTest bool) (Config, error) {
	if cfg.Epochs == 0 {
		cfg.Epochs = 10
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = min(32, n)
	}
	if cfg.LR == 0 {
		cfg.LR = 0.1
	}
	switch {
	case cfg.Epochs < 0:
		return cfg, errors.Errorf("nets: Train: %d epochs", cfg.Epochs)
	case cfg.BatchSize < 1 || cfg.BatchSize > n:
		return cfg, errors.Errorf("nets: Train: batch size %d for %d training samples", cfg.BatchSize, n)
	case cfg.Patience < 0 || (cfg.Patience > 0 && !haveTest):
		return cfg, errors.Errorf("nets: Train: early stopping (patience %d) needs a test set and patience >= 0", cfg.Patience)
	case cfg.Shift < 0 || cfg.Shift > datasets.MaxShift:
		return cfg, errors.Errorf("nets: Train: shift %d pixels, want 0 to %d", cfg.Shift, datasets.MaxShift)
	case !(cfg.LR > 0) || math.IsInf(cfg.LR, 0):
		return cfg, errors.Errorf("nets: Train: learning rate %v", cfg.LR)
	}
	if cfg.Solver == nil {
		cfg.Solver = &solvers.SGD{Options: solvers.Options{LR: cfg.LR}}
	}
	return cfg, nil
}

// step runs the program on the filled batch, checks that the loss and the
// gradients are finite, applies the solver (all params and gradients in one
// call) and copies the state updates in. On a non-finite value it runs
// again, with the same random draws and the numeric check on, to name the
// node where it started, and returns an error without updating the weights
// or the state.
func (c *Compiled) step(sol solvers.Solver) (float64, error) {
	counter := c.Prog.Counter()
	if err := c.Prog.Exec(); err != nil {
		return 0, err
	}
	loss := scalarValue(c.Prog.Value(c.Loss))
	what := ""
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		what = fmt.Sprintf("loss is %v", loss)
	} else if i := nonFiniteAt(c.GradVals); i >= 0 {
		what = "gradient of " + c.ParamNames[i] + " is not finite"
	}
	if what == "" {
		for _, u := range c.updates {
			copy(u[0].Raw, u[1].Raw)
		}
		for _, cr := range c.carries {
			copy(cr[0].Raw, cr[1].Raw)
		}
		return loss, sol.Step(c.ParamVals, c.GradVals)
	}
	c.Prog.SetCounter(counter)
	c.Prog.SetCheck(true)
	err := c.Prog.Exec()
	c.Prog.SetCheck(false)
	if err == nil {
		err = errors.New(what)
	}
	if strings.HasPrefix(what, "loss") {
		return loss, errors.Wrap(err, "non-finite loss")
	}
	return loss, errors.Wrap(err, "non-finite gradient")
}

// storeValues returns every tensor of net's store, params and state, in
// order: what early stopping saves and restores.
func storeValues(net Model) []*tensor.Dense {
	var out []*tensor.Dense
	for _, e := range net.Layers().Store().Entries() {
		out = append(out, e.Value)
	}
	return out
}

// nonFiniteAt returns the index of the first tensor of ts holding NaN or an
// infinity, or -1. It costs about a nanosecond per 4 elements, a few
// percent of a training step: v·0 is 0 for a finite v and NaN otherwise,
// summed without branches into four independent accumulators.
func nonFiniteAt(ts []*tensor.Dense) int {
	for i, t := range ts {
		var bad bool
		if t.Dtype() == tensor.Float32 {
			bad = !allFinite(t.Float32s())
		} else {
			bad = !allFinite(t.Float64s())
		}
		if bad {
			return i
		}
	}
	return -1
}

func allFinite[T float32 | float64](s []T) bool {
	var a0, a1, a2, a3 T
	for len(s) >= 4 {
		a0 += s[0] * 0
		a1 += s[1] * 0
		a2 += s[2] * 0
		a3 += s[3] * 0
		s = s[4:]
	}
	for _, v := range s {
		a0 += v * 0
	}
	return a0+a1+a2+a3 == 0
}

func snapshot(src, dst []*tensor.Dense) []*tensor.Dense {
	if dst == nil {
		dst = make([]*tensor.Dense, len(src))
		for i, t := range src {
			dst[i] = t.Clone().(*tensor.Dense)
		}
		return dst
	}
	restore(dst, src)
	return dst
}

// restore copies the values of src into dst, tensor by tensor.
func restore(dst, src []*tensor.Dense) {
	for i, t := range dst {
		if t.Dtype() == tensor.Float32 {
			copy(t.Float32s(), src[i].Float32s())
		} else {
			copy(t.Float64s(), src[i].Float64s())
		}
	}
}
