package main

import (
	"fmt"
	"io"

	"github.com/chainrule/chainrule/metrics"
	"github.com/chainrule/chainrule/nets"
)

// result is what train and eval report; it is also their JSON object.
// Fields that do not apply are left out.
type result struct {
	Command      string  `json:"command"` // "train" or "eval"
	Net          string  `json:"net"`
	Data         string  `json:"data"`
	Task         string  `json:"task"` // "classification" or "regression"
	Split        string  `json:"split"`
	TrainSamples int     `json:"train_samples,omitempty"`
	TestSamples  int     `json:"test_samples"`
	Layers       string  `json:"layers"` // e.g. "784-128-10"
	Activation   string  `json:"activation"`
	Loss         string  `json:"loss"`
	Solver       string  `json:"solver,omitempty"`
	LR           float64 `json:"lr,omitempty"`
	L2           float64 `json:"l2,omitempty"`
	Decay        float64 `json:"decay,omitempty"` // per-epoch learning-rate factor
	Batch        int     `json:"batch,omitempty"`
	Shift        int     `json:"shift,omitempty"`    // training images' random shift in pixels
	Stateful     bool    `json:"stateful,omitempty"` // state carried from batch to batch
	Clip         float64 `json:"clip,omitempty"`     // gradients clipped to this global L2 norm
	Seed         uint64  `json:"seed"`
	Epochs       int     `json:"epochs,omitempty"`
	// TrainLoss is the mean batch loss of every epoch, first to last.
	TrainLoss []*float64 `json:"train_loss,omitempty"`
	// TestLoss is the held-out loss after every epoch.
	TestLoss []*float64 `json:"test_loss,omitempty"`
	// Seconds is the training time; TotalSeconds adds loading and evaluation.
	Seconds      float64 `json:"seconds"`
	TotalSeconds float64 `json:"total_seconds"`

	TestAccuracy    *float64        `json:"test_accuracy,omitempty"`
	Classes         []string        `json:"classes,omitempty"`
	ConfusionMatrix [][]int         `json:"confusion_matrix,omitempty"`
	Report          *metrics.Report `json:"report,omitempty"`
	TestRMSE        *float64        `json:"test_rmse,omitempty"`
	NaiveRMSE       *float64        `json:"naive_rmse,omitempty"`
	// BitsPerChar is a character model's cross-entropy on the held-out
	// text; NGramBitsPerChar that of the smoothed n-gram model (order
	// NGramOrder) fitted to the same training part in the same run.
	BitsPerChar      *float64 `json:"bits_per_char,omitempty"`
	NGramBitsPerChar *float64 `json:"ngram_bits_per_char,omitempty"`
	NGramOrder       int      `json:"ngram_order,omitempty"`
	// Sample is the text --sample generated, SampleSeed and Temperature
	// how.
	Sample      *string  `json:"sample,omitempty"`
	SampleSeed  *uint64  `json:"sample_seed,omitempty"`
	Temperature *float64 `json:"temperature,omitempty"`
	Model       string   `json:"model,omitempty"`
	// NotWritten lists the outputs (model, plots) that could not be
	// written after training, each with the reason; the command then
	// exits with status 1 after printing this report.
	NotWritten []string `json:"not_written,omitempty"`

	confusion *metrics.Confusion
}

// evaluate runs net over p's test part with frozen weights.
func evaluate(net nets.Network, p *prepared) (*result, error) {
	ev, err := nets.Evaluate(net, p.test)
	if err != nil {
		return nil, err
	}
	r := &result{Data: p.name, Split: p.split, TestSamples: p.test.Len()}
	if ev.Confusion != nil {
		r.Task = "classification"
		r.TestAccuracy = finite(ev.Accuracy)
		r.Classes = ev.Confusion.Names()
		r.ConfusionMatrix = ev.Confusion.Matrix()
		rep := ev.Confusion.Report()
		r.Report, r.confusion = &rep, ev.Confusion
		return r, nil
	}
	if p.text != nil {
		return r, r.scoreText(net, p.text)
	}
	r.Task = "regression"
	scale := p.yScale
	if scale == 0 {
		scale = 1
	}
	r.TestRMSE = finite(ev.RMSE * scale)
	if p.series {
		r.NaiveRMSE = finite(p.naiveRMSE)
	}
	return r, nil
}

// describe records the network's architecture.
func (r *result) describe(net nets.Network) {
	s := net.Spec()
	r.Net, r.Activation, r.Loss = string(s.Kind), string(s.Activation), string(s.Loss)
	r.Layers = joinInts(append(append([]int{s.Inputs}, s.Hidden...), s.Outputs), "-")
	if s.Kind.Recurrent() {
		r.Layers = fmt.Sprintf("%s (%d steps)", r.Layers, s.SeqLen)
		if s.Dropout > 0 {
			r.Layers += fmt.Sprintf(" (dropout %g)", s.Dropout)
		}
	}
	if s.Kind == nets.KindPerceptron {
		r.Activation = ""
	}
	if s.Kind == nets.KindCNN {
		r.Layers = cnnLayers(s)
	}
}

// print writes the human-readable report.
func (r *result) print(w io.Writer) {
	fmt.Fprintf(w, "%s: %s [%s", r.Command, r.Net, r.Layers)
	if r.Activation != "" {
		fmt.Fprintf(w, ", %s hidden", r.Activation)
	}
	fmt.Fprintf(w, ", loss %s] on %s\n", r.Loss, r.Data)
	if r.TrainSamples > 0 {
		fmt.Fprintf(w, "data:   %d train, %d test (%s)\n", r.TrainSamples, r.TestSamples, r.Split)
	} else {
		fmt.Fprintf(w, "data:   %d test samples (%s)\n", r.TestSamples, r.Split)
	}
	if r.Epochs > 0 {
		shift := ""
		if r.Shift > 0 {
			shift = fmt.Sprintf(", images shifted ±%d px", r.Shift)
		}
		if r.Stateful {
			shift += ", state carried from batch to batch"
		}
		if r.Clip > 0 {
			shift += fmt.Sprintf(", gradients clipped to norm %g", r.Clip)
		}
		fmt.Fprintf(w, "train:  %s, batch %d%s, %d epochs in %.2f s (seed %d)\n", describeSolver(r.Solver, r.LR, r.L2, r.Decay), r.Batch, shift, r.Epochs, r.Seconds, r.Seed)
		fmt.Fprintf(w, "loss:   train %s -> %s", fmtPtr(r.TrainLoss[0]), fmtPtr(r.TrainLoss[len(r.TrainLoss)-1]))
		if len(r.TestLoss) > 0 {
			fmt.Fprintf(w, ", test %s -> %s", fmtPtr(r.TestLoss[0]), fmtPtr(r.TestLoss[len(r.TestLoss)-1]))
		}
		fmt.Fprintln(w)
	}
	if r.Model != "" {
		fmt.Fprintf(w, "model:  %s\n", r.Model)
	}
	for _, nw := range r.NotWritten {
		fmt.Fprintf(w, "NOT WRITTEN: %s\n", nw)
	}
	if r.BitsPerChar != nil {
		r.printText(w)
		return
	}
	if r.TestRMSE != nil {
		fmt.Fprintf(w, "\ntest RMSE: %s", fmtPtr(r.TestRMSE))
		if r.NaiveRMSE != nil {
			fmt.Fprintf(w, "   (naive last-value forecast: %s)", fmtPtr(r.NaiveRMSE))
		}
		fmt.Fprintln(w)
		return
	}
	if r.confusion == nil {
		return
	}
	c := r.confusion
	correct := 0
	for k := 0; k < c.Classes(); k++ {
		correct += c.At(k, k)
	}
	fmt.Fprintf(w, "\ntest accuracy: %.2f %% (%d/%d)\n", 100*c.Accuracy(), correct, c.Total())
	fmt.Fprintf(w, "\nconfusion matrix (rows: true class, columns: predicted)\n%s\n%s", c.String(), r.Report.String())
}

// fmtPtr formats an optional number ("NaN" when nil).
func fmtPtr(x *float64) string {
	if x == nil {
		return "NaN"
	}
	return fmt.Sprintf("%.4g", *x)
}
