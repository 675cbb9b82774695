package nets

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pkg/errors"
	"github.com/schollz/progressbar/v3"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/metrics"
)

// bar shows training progress the way Keras' fit does. On a terminal it is
// a progressbar over all steps of the run, redrawn at most every 100 ms,
// whose description names the epoch and the running mean of its batch
// losses, with the library's elapsed and predicted time left for the run
// ("epoch 3/15 loss 0.2113  40% [====>....] (3000/7500) [12s:18s]"); when an
// epoch ends the bar is cleared and a line that stays is written in its
// place: "epoch 3/15 loss 0.2113 test 0.1987 4.21s". Written to a writer
// that is not a terminal (Config.Progress set to a file or a buffer) it
// prints only those finished epoch lines. A zero bar prints nothing.
type bar struct{ s *barState }

// barState is a bar's progress.
type barState struct {
	w        io.Writer
	p        *progressbar.ProgressBar // nil off a terminal
	now      func() time.Time         // the clock of the epoch times
	epochs   int
	epochAt  time.Time // start of the current epoch
	epoch    int       // current epoch, 1-based
	steps    int       // steps done in it
	sum      float64   // sum of its batch losses
	test     float64   // its test loss, when haveTest
	haveTest bool
	open     bool // the epoch's line is still to be written
}

// newBar returns a bar writing to cfg.Progress, or to standard error when
// that is a terminal; a silent bar otherwise or when cfg.Quiet is set.
func newBar(cfg Config, perEpoch int) bar {
	w, term := cfg.Progress, false
	if w == nil && stderrIsTerminal() {
		w = os.Stderr
	}
	if f, ok := w.(*os.File); ok {
		term = isTerminal(f)
	}
	if w == nil || cfg.Quiet {
		return bar{}
	}
	return newBarTo(w, term, cfg.Epochs, perEpoch, time.Now)
}

// newBarTo returns a bar over epochs of perEpoch steps writing to w: with
// a progressbar when terminal is set, the finished epoch lines only
// otherwise. now is the clock of the epoch times in those lines; the
// progressbar keeps its own.
func newBarTo(w io.Writer, terminal bool, epochs, perEpoch int, now func() time.Time) bar {
	s := &barState{w: w, now: now, epochs: epochs, epochAt: now()}
	if terminal {
		s.p = progressbar.NewOptions(max(epochs*perEpoch, 1),
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetTheme(progressbar.ThemeASCII),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(), // the epoch lines stay instead
		)
		s.p.StartWithoutRender() // the time left counts from here
	}
	return bar{s}
}

// add records one training step of epoch with its batch loss.
func (b bar) add(epoch int, loss float64) {
	s := b.s
	if s == nil {
		return
	}
	if epoch != s.epoch {
		s.close()
		s.epoch, s.steps, s.sum, s.haveTest, s.open = epoch, 0, 0, false, true
		s.epochAt = s.now()
	}
	s.steps++
	s.sum += loss
	if s.p != nil {
		// Describe redraws (throttled) before Add counts the step, so a
		// drawn step count trails its description by this one step; Add
		// first would draw the previous step's loss, or epoch. The
		// progressbar's errors are ignored: a progress bar must not fail
		// training.
		s.p.Describe(fmt.Sprintf("epoch %d/%d loss %.4g ", s.epoch, s.epochs, s.sum/float64(s.steps)))
		_ = s.p.Add(1)
	}
}

// testLoss records the held-out loss of the epoch just trained and writes
// its line.
func (b bar) testLoss(loss float64) {
	if b.s == nil || !b.s.open {
		return
	}
	b.s.test, b.s.haveTest = loss, true
	b.s.close()
}

// finish clears the progressbar and writes the last epoch's line when it is
// still open; calling it again does nothing.
func (b bar) finish() {
	if b.s == nil {
		return
	}
	if b.s.p != nil {
		_ = b.s.p.Finish()
	}
	b.s.close()
}

// close replaces the progressbar, if any, with the finished line of an open
// epoch: its mean loss, its test loss when there is one and its time.
func (s *barState) close() {
	if !s.open {
		return
	}
	s.open = false
	line := fmt.Sprintf("epoch %d/%d loss %.4g", s.epoch, s.epochs, s.sum/float64(s.steps))
	if s.haveTest {
		line += fmt.Sprintf(" test %.4g", s.test)
	}
	line += " " + epochTime(s.now().Sub(s.epochAt)) + "\n"
	if s.p != nil {
		_ = s.p.Clear()
	}
	_, _ = io.WriteString(s.w, line) // a progress bar must not fail training
}

// epochTime rounds d to the millisecond below a minute and to the second
// above, written as time.Duration does (and the progressbar's times).
func epochTime(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// stderrIsTerminal reports whether standard error is a terminal.
func stderrIsTerminal() bool { return isTerminal(os.Stderr) }

// isTerminal reports whether f is a character device.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
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
