package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/chainrule/chainrule/nets"
)

// trainFlags are the flags of `chainrule train`; zero values mean "the
// default for this net and data" (see defaults).
type trainFlags struct {
	net, data, hidden, act, loss, solver, out, plots string
	classes                                          string
	epochs, batch                                    int
	lr, l2, decay                                    float64
	seed                                             uint64
	json, quiet, l2Set                               bool
}

// define registers the train flags on fs.
func (f *trainFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&f.net, "net", "ff", "network: perceptron, ff, dff or rnn")
	fs.StringVar(&f.data, "data", "mnist", "built-in data set (mnist, digits, lfw, iris, xor, and, or, spirals, sine, airpassengers, sunspots)\nor a path: an MNIST IDX directory, a FER2013 CSV or a facial-keypoints training CSV")
	fs.StringVar(&f.classes, "classes", "all", "FER2013 only: all seven expressions, or lecture: the slide's five (Angry, Disgust, Sad, Happy, Surprise)")
	fs.IntVar(&f.epochs, "epochs", 0, "passes over the training part (default: per net and data)")
	fs.Float64Var(&f.lr, "lr", 0, "learning rate (default: per net and data)")
	fs.IntVar(&f.batch, "batch", 0, "samples per step (default: per net and data)")
	fs.StringVar(&f.hidden, "hidden", "", "hidden layer sizes, e.g. 128 or 256,128 (default: per net and data)")
	fs.StringVar(&f.act, "act", "", "hidden activation: sigmoid, tanh or relu (default: per net and data)")
	fs.StringVar(&f.loss, "loss", "", "loss (and output layer): sse, bce, softmax-ce or mse (default: per net and data)")
	fs.StringVar(&f.solver, "solver", "", "sgd, momentum, adam, rmsprop or adagrad (default: per net and data)")
	fs.Float64Var(&f.l2, "l2", 0, "L2 weight decay λ (the solver uses g + λ·w; default: per net and data)")
	fs.Float64Var(&f.decay, "decay", 0, "multiply the learning rate by this after every epoch, in (0, 1] (default: per net and data)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the split, the initial weights and the shuffling")
	fs.StringVar(&f.out, "out", "", "save the trained model, with the data settings eval needs, to this file")
	fs.StringVar(&f.plots, "plots", "", "write loss.png (and confusion.png for classification) into this directory")
	fs.BoolVar(&f.json, "json", false, "print one JSON object on one line instead of tables")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar")
}

// runTrain trains a network and reports its metrics on the held-out part.
// Every flag and every output path is checked before the data is loaded,
// so that a run is never thrown away for a typo; an output that still
// cannot be written after training does not cost the others (see
// writeOutputs).
func runTrain(args []string, stdout, stderr io.Writer) error {
	var f trainFlags
	fs := newFlags("train", "[--net ff] [--data mnist] [flags]", stderr)
	f.define(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	given := givenFlags(fs)
	f.l2Set = given["l2"]
	kind, err := parseKind(f.net)
	if err != nil {
		return err
	}
	h, err := f.overrides(kind, given)
	if err != nil {
		return err
	}
	if h.hidden != nil {
		if err := checkHidden(kind, h.hidden, f.hidden); err != nil {
			return err
		}
	}
	if _, err := parseClasses(f.classes); err != nil {
		return err
	}
	if err := checkOutputs(f.out, f.plots, f.data); err != nil {
		return err
	}
	if err := checkHiddenSize(kind, h.hidden); err != nil {
		return err
	}
	start := time.Now()
	p, err := loadData(f.data, f.seed, f.classes)
	if err != nil {
		return err
	}
	h = h.over(defaults(kind, p))
	net, err := nets.New(buildSpec(kind, p, h), f.seed)
	if err != nil {
		return err
	}
	batch := min(h.batch, p.train.Len())
	sol, err := newSolver(h.solver, h.lr, h.l2, h.decay, p.train.Len()/batch)
	if err != nil {
		return err
	}
	cfg := nets.Config{Epochs: h.epochs, BatchSize: batch, Solver: sol, LR: h.lr,
		Seed: f.seed, Quiet: f.quiet || f.json}
	hist, err := nets.Train(net, p.train, p.test, cfg)
	if err != nil {
		return err
	}
	res, err := evaluate(net, p)
	if err != nil {
		return err
	}
	res.fill(net, p, h, f.seed)
	res.TrainLoss, res.TestLoss = finites(hist.TrainLoss), finites(hist.TestLoss)
	res.Epochs, res.Seconds = hist.Epochs, round3(hist.Seconds)
	if f.out != "" {
		if err := saveModel(net, f.out, newMeta(f.data, f.seed, f.classes, p)); err != nil {
			res.NotWritten = append(res.NotWritten, fmt.Sprintf("model %s (%v)", f.out, oneLine(err.Error())))
		} else {
			res.Model = f.out
		}
	}
	res.NotWritten = append(res.NotWritten, writePlots(f.plots, net, hist, res)...)
	res.TotalSeconds = round3(time.Since(start).Seconds())
	if f.json {
		err = writeJSON(stdout, res)
	} else {
		res.print(stdout)
	}
	if len(res.NotWritten) > 0 {
		return fmt.Errorf("train: trained and reported, but not written: %s", strings.Join(res.NotWritten, "; "))
	}
	return err
}

// overrides returns the settings given as flags; zero fields are unset.
// A numeric flag given explicitly must hold a usable value: --epochs 0 or
// --lr 0 is an error, not "the default" (given says which flags were on
// the command line).
func (f *trainFlags) overrides(kind nets.Kind, given map[string]bool) (hyper, error) {
	var h hyper
	var err error
	for _, e := range []struct{ name, value, want string }{
		{"hidden", f.hidden, "layer sizes such as 128 or 256,128"},
		{"act", f.act, "sigmoid, tanh or relu"},
		{"loss", f.loss, "sse, bce, softmax-ce or mse"},
		{"solver", f.solver, "sgd, momentum, adam, rmsprop or adagrad"},
		{"data", f.data, "a built-in name or a path"},
	} {
		if e.name == "hidden" && kind == nets.KindPerceptron {
			continue // --hidden "" is what a perceptron has
		}
		if err := notEmpty(given, e.name, e.value, e.want); err != nil {
			return h, err
		}
	}
	if h.hidden, err = parseHidden(f.hidden); err != nil {
		return h, err
	}
	if h.act, err = parseAct(f.act); err != nil {
		return h, err
	}
	if h.loss, err = parseLoss(f.loss); err != nil {
		return h, err
	}
	switch f.solver {
	case "", "sgd", "momentum", "adam", "rmsprop", "adagrad":
		h.solver = f.solver
	default:
		return h, usagef("--solver %q, want sgd, momentum, adam, rmsprop or adagrad", f.solver)
	}
	switch {
	case given["epochs"] && f.epochs < 1:
		return h, usagef("--epochs %d, want >= 1", f.epochs)
	case given["batch"] && f.batch < 1:
		return h, usagef("--batch %d, want >= 1", f.batch)
	case given["lr"] && (!(f.lr > 0) || math.IsInf(f.lr, 0)):
		return h, usagef("--lr %v, want a positive number", f.lr)
	case f.l2 < 0 || math.IsNaN(f.l2) || math.IsInf(f.l2, 0):
		return h, usagef("--l2 %v, want a non-negative number", f.l2)
	case given["decay"] && !(f.decay > 0 && f.decay <= 1):
		return h, usagef("--decay %v, want a factor in (0, 1]", f.decay)
	}
	h.decay = f.decay
	h.epochs, h.batch, h.lr, h.l2 = f.epochs, f.batch, f.lr, f.l2
	if !f.l2Set {
		h.l2 = -1
	}
	return h, nil
}

// over fills h's unset fields from d.
func (h hyper) over(d hyper) hyper {
	if h.hidden == nil {
		h.hidden = d.hidden
	}
	if h.act == "" {
		h.act = d.act
	}
	switch {
	case h.lr != 0:
	case h.solver == "" || h.solver == d.solver:
		h.lr = d.lr
	default: // another solver chosen without a rate: its usual rate
		h.lr = solverRates[h.solver]
	}
	if h.solver == "" {
		h.solver = d.solver
	}
	if h.l2 < 0 {
		h.l2 = d.l2
	}
	if h.decay == 0 {
		h.decay = d.decay
	}
	if h.epochs == 0 {
		h.epochs = d.epochs
	}
	if h.batch == 0 {
		h.batch = d.batch
	}
	if h.loss == "" {
		h.loss = d.loss
	}
	return h
}

// buildSpec describes the network for the data: one output per class (or
// per regression target), an RNN reading the sample's rows step by step.
func buildSpec(kind nets.Kind, p *prepared, h hyper) nets.Spec {
	s := nets.Spec{Kind: kind, Inputs: p.train.X.Shape()[1], Hidden: h.hidden, Activation: h.act, Loss: h.loss}
	if kind == nets.KindPerceptron {
		s.Hidden = nil
	}
	if p.train.IsClassification() {
		s.Outputs = p.train.NumClasses()
	} else {
		s.Outputs = p.train.Y.Shape()[1]
		s.Masked = p.train.Mask != nil
	}
	if kind == nets.KindRNN {
		s.Inputs, s.SeqLen = p.feat, p.steps
	}
	return s
}

// fill records the training settings in r.
func (r *result) fill(net nets.Network, p *prepared, h hyper, seed uint64) {
	r.Command, r.TrainSamples, r.Seed = "train", p.train.Len(), seed
	r.Solver, r.LR, r.L2, r.Batch = h.solver, h.lr, h.l2, min(h.batch, p.train.Len())
	if h.decay > 0 && h.decay < 1 {
		r.Decay = h.decay
	}
	r.describe(net)
}

// round3 rounds to milliseconds.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
