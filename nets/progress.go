package nets

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/datasets"
	"github.com/chainrule/chainrule/metrics"
)

// barWidth is the number of cells of the drawn bar.
const barWidth = 20

// barRedraw is the shortest time between two redraws of a terminal line.
const barRedraw = 100 * time.Millisecond

// bar shows training progress the way Keras' fit does: on a terminal one
// line per epoch, redrawn in place, with the epoch, the step within it, a
// bar, the running mean of the epoch's batch losses and the time left for the
// whole run; at the epoch's end the line stays, with the test loss when there
// is one and the epoch's time. Written to a writer that is not a terminal
// (Config.Progress set to a file or a buffer) it prints only the finished
// epoch lines. A zero bar prints nothing.
type bar struct{ s *barState }

// barState is a bar's progress.
type barState struct {
	w                io.Writer
	terminal         bool
	now              func() time.Time
	epochs, perEpoch int
	start, epochAt   time.Time
	drawn            time.Time // last redraw
	epoch, step      int       // current epoch (1-based) and steps done in it
	done             int       // steps done in the run
	sum              float64   // sum of the epoch's batch losses
	test             float64   // test loss of the epoch, when haveTest
	haveTest, open   bool      // open: the epoch's line awaits its end
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

// newBarTo returns a bar over epochs of perEpoch steps writing to w, redrawn
// in place when terminal is set, reading the time from now.
func newBarTo(w io.Writer, terminal bool, epochs, perEpoch int, now func() time.Time) bar {
	t := now()
	return bar{&barState{w: w, terminal: terminal, now: now, epochs: epochs, perEpoch: max(perEpoch, 1), start: t, epochAt: t}}
}

// add records one training step of epoch with its batch loss.
func (b bar) add(epoch int, loss float64) {
	s := b.s
	if s == nil {
		return
	}
	t := s.now()
	if epoch != s.epoch {
		s.close(t)
		s.epoch, s.step, s.sum, s.haveTest, s.open = epoch, 0, 0, false, true
		s.epochAt = t
	}
	s.step++
	s.done++
	s.sum += loss
	if s.terminal && (s.step == s.perEpoch || s.step == 1 || t.Sub(s.drawn) >= barRedraw) {
		s.drawn = t
		s.write("\r" + s.line(t) + "\x1b[K")
	}
}

// testLoss records the held-out loss of the epoch just trained and ends its
// line.
func (b bar) testLoss(loss float64) {
	if b.s == nil || !b.s.open {
		return
	}
	b.s.test, b.s.haveTest = loss, true
	b.s.close(b.s.now())
}

// finish ends the last line; calling it again does nothing.
func (b bar) finish() {
	if b.s != nil && b.s.open {
		b.s.close(b.s.now())
	}
}

// close writes, at time t, the finished line of an open epoch.
func (s *barState) close(t time.Time) {
	if !s.open {
		return
	}
	s.open = false
	line := s.line(t) + "\n"
	if s.terminal {
		line = "\r" + line[:len(line)-1] + "\x1b[K\n"
	}
	s.write(line)
}

// write ignores the writer's errors: a progress bar must not fail training.
func (s *barState) write(text string) { _, _ = io.WriteString(s.w, text) }

// line formats the epoch's line at time t: while the epoch runs, its
// progress and the time left for the run; once it is closed, the epoch's
// time and its test loss.
func (s *barState) line(t time.Time) string {
	fill := barWidth * s.step / s.perEpoch
	cells := strings.Repeat("=", fill)
	if fill < barWidth {
		cells += ">" + strings.Repeat(".", barWidth-fill-1)
	}
	digits := len(strconv.Itoa(s.perEpoch))
	out := fmt.Sprintf("epoch %*d/%d %*d/%d [%s] loss %.4g", len(strconv.Itoa(s.epochs)), s.epoch, s.epochs,
		digits, s.step, s.perEpoch, cells, s.sum/float64(s.step))
	if !s.open {
		if s.haveTest {
			out += fmt.Sprintf("  test %.4g", s.test)
		}
		return out + "  " + formatDuration(t.Sub(s.epochAt))
	}
	total := s.epochs * s.perEpoch
	if s.done >= total {
		return out
	}
	left := time.Duration(float64(t.Sub(s.start)) / float64(s.done) * float64(total-s.done))
	return out + "  " + formatDuration(left) + " left"
}

// formatDuration writes d as Keras does: 12s below a minute, 1:40 below an
// hour, 1:02:03 above.
func formatDuration(d time.Duration) string {
	sec := int(d.Round(time.Second) / time.Second)
	switch {
	case sec < 60:
		return strconv.Itoa(sec) + "s"
	case sec < 3600:
		return fmt.Sprintf("%d:%02d", sec/60, sec%60)
	}
	return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
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
func writePlots(dir string, net Network, test *datasets.Dataset, h *History, ev *evaluator) error {
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
	opt := &metrics.PlotOptions{Title: "Loss (" + string(net.Spec().Kind) + ")"}
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
