package nets

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/metrics"
)

// EvalBatch is the batch size Evaluate runs at.
const EvalBatch = 500

// Evaluation is the result of running a network with frozen weights over a
// dataset.
type Evaluation struct {
	// Loss is the network's loss over the whole dataset (the mean of the
	// batch losses weighted by batch size).
	Loss float64
	// Outputs holds the network's outputs, Width per sample, in dataset
	// order: probabilities for classification, values for regression.
	Outputs []float64
	Width   int
	// Predictions holds the predicted class of each sample (the arg-max
	// output, or output ≥ 0.5 for a single sigmoid output); nil for
	// regression.
	Predictions []int
	// Accuracy and Confusion are set for classification.
	Accuracy  float64
	Confusion *metrics.Confusion
	// RMSE is set for regression (over present targets when there is a
	// mask).
	RMSE float64
}

// Evaluate runs net (a network New built, or any Model) over ds with frozen
// weights, its layers built in evaluation mode, and returns the loss, the
// outputs and predictions, and accuracy with a confusion matrix for
// classification or the RMSE for regression. It errors when ds does not fit
// the model (feature count, classes, targets).
func Evaluate(net Model, ds *datasets.Dataset) (*Evaluation, error) {
	if isNilModel(net) {
		return nil, errors.New("nets: Evaluate: nil network")
	}
	sh, err := describe(net)
	if err != nil {
		return nil, errors.Wrap(err, "nets: Evaluate")
	}
	return (&evaluator{net: net, sh: sh, batch: EvalBatch, progs: map[int]*Compiled{}}).run(ds)
}

// evaluator keeps one compiled graph per batch size it has met, so that
// evaluating every epoch builds nothing new.
type evaluator struct {
	net   Model
	sh    *shapes
	batch int
	progs map[int]*Compiled
}

func (e *evaluator) compiled(b int) (*Compiled, error) {
	if c, ok := e.progs[b]; ok {
		return c, nil
	}
	c, err := compile(e.net, e.sh, b, false, false)
	if err != nil {
		return nil, err
	}
	e.progs[b] = c
	return c, nil
}

func (e *evaluator) run(ds *datasets.Dataset) (*Evaluation, error) {
	s := e.sh
	if err := checkData(s, ds); err != nil {
		return nil, err
	}
	n := ds.Len()
	it, err := datasets.NewBatches(ds, min(e.batch, n), nil, false)
	if err != nil {
		return nil, err
	}
	ev := &Evaluation{Width: s.outW, Outputs: make([]float64, 0, n*s.outW)}
	for it.Next() {
		c, err := e.compiled(it.Size())
		if err != nil {
			return nil, err
		}
		c.fill(it.X(), it.Y(), it.Mask())
		if err := c.Prog.Exec(); err != nil {
			return nil, err
		}
		ev.Loss += scalarValue(c.Prog.Value(c.Loss)) * float64(it.Size()) / float64(n)
		out := c.Prog.Value(c.Output)
		for i := 0; i < it.Size(); i++ {
			ev.Outputs = rowValues(ev.Outputs, out, i)
		}
	}
	if ds.IsClassification() {
		ev.Predictions = predict(ev.Outputs, ev.Width)
		if ev.Confusion, err = metrics.NewConfusionNames(ds.Y.Ints(), ev.Predictions, ds.Classes); err != nil {
			return nil, err
		}
		ev.Accuracy = ev.Confusion.Accuracy()
		return ev, nil
	}
	if ds.Mask != nil {
		ev.RMSE, err = metrics.MaskedRMSE(ev.Outputs, ds.Y.Float64s(), ds.Mask.Float64s())
	} else {
		ev.RMSE, err = metrics.RMSE(ev.Outputs, ds.Y.Float64s())
	}
	return ev, err
}

// predict returns the arg-max of each row of k outputs, or out ≥ 0.5 when
// k is 1.
func predict(out []float64, k int) []int {
	p := make([]int, len(out)/k)
	for i := range p {
		row := out[i*k : (i+1)*k]
		if k == 1 {
			if row[0] >= 0.5 {
				p[i] = 1
			}
			continue
		}
		for j, v := range row {
			if v > row[p[i]] {
				p[i] = j
			}
		}
	}
	return p
}
