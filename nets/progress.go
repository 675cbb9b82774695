package nets

import (
	"os"
	"path/filepath"
	"time"

	"github.com/pkg/errors"
	"github.com/schollz/progressbar/v3"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/metrics"
)

// bar is a progress bar over all steps of a run, or nothing.
type bar struct{ p *progressbar.ProgressBar }

// newBar returns a bar writing to cfg.Progress, or to standard error when
// that is a terminal; a silent bar otherwise.
func newBar(cfg Config, perEpoch int) bar {
	w := cfg.Progress
	if w == nil && stderrIsTerminal() {
		w = os.Stderr
	}
	if w == nil || cfg.Quiet {
		return bar{}
	}
	return bar{progressbar.NewOptions(cfg.Epochs*perEpoch,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("training"),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionOnCompletion(func() { _, _ = w.Write([]byte("\n")) }),
	)}
}

func (b bar) add() {
	if b.p != nil {
		_ = b.p.Add(1)
	}
}

func (b bar) finish() {
	if b.p != nil {
		_ = b.p.Finish()
	}
}

// stderrIsTerminal reports whether standard error is a character device.
func stderrIsTerminal() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// writePlots writes loss.png and, for classification with a test set,
// confusion.png into dir; nothing when dir is empty.
func writePlots(dir, name string, test *datasets.Dataset, h *History, ev *evaluator) error {
	if dir == "" || len(h.TrainLoss) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return errors.Wrap(err, "nets: plots")
	}
	series := []metrics.Series{{Name: "train", Values: h.TrainLoss}}
	if len(h.TestLoss) > 0 {
		series = append(series, metrics.Series{Name: "test", Values: h.TestLoss})
	}
	opt := &metrics.PlotOptions{Title: "Loss (" + name + ")"}
	if err := metrics.WriteLossCurvePNG(filepath.Join(dir, "loss.png"), opt, series...); err != nil {
		return err
	}
	if test == nil || !test.IsClassification() {
		return nil
	}
	e, err := ev.run(test)
	if err != nil {
		return err
	}
	return metrics.WriteHeatmapPNG(filepath.Join(dir, "confusion.png"), e.Confusion, nil)
}
