package nets

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fakeClock returns a clock that advances by step at every reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

// screen returns the lines a terminal shows after printing out, where \r
// moves to the start of the line and text overwrites what is there; the
// lines' trailing blanks are dropped.
func screen(out string) []string {
	var lines []string
	var line []rune
	col := 0
	for _, r := range out {
		switch r {
		case '\n':
			lines = append(lines, strings.TrimRight(string(line), " "))
			line, col = line[:0], 0
		case '\r':
			col = 0
		default:
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			col++
		}
	}
	return append(lines, strings.TrimRight(string(line), " "))
}

// frames returns the progressbar's drawings in out: the pieces between
// carriage returns that draw a bar.
func frames(out string) []string {
	var f []string
	for _, piece := range strings.Split(out, "\r") {
		if strings.Contains(piece, "% [") {
			f = append(f, piece)
		}
	}
	return f
}

// frame is a progressbar drawing: the description with the epoch and the
// running loss, the percentage of the run, the bar, the steps of the run and
// the library's elapsed and predicted time left.
var frame = regexp.MustCompile(`^epoch (\d+)/(\d+) loss (\S+) +(\d+)% \[[=>.]{30}\] \((\d+)/(\d+)\) \[\d\S*:\d\S*\]$`)

// Two epochs of four steps, as Train calls the bar, on a clock of the epoch
// times that advances a second at every reading: the bar reads it when it
// starts (1 s), at the first step of an epoch (2 s, 4 s) and when an epoch
// ends (3 s, 5 s). Losses 1, 2, 3, 4 have the mean 2.5.
func TestBarTerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newBarTo(&buf, true, 2, 4, fakeClock(time.Second))
	for _, loss := range []float64{1, 2, 3, 4} {
		b.add(1, loss)
	}
	b.testLoss(0.5)
	// Past the 100 ms throttle the next step redraws the bar.
	time.Sleep(150 * time.Millisecond)
	b.add(2, 8)
	b.finish()
	b.finish()
	out := buf.String()

	// What stays on the screen: one line per epoch, the bar cleared.
	got := screen(out)
	want := []string{"epoch 1/2 loss 2.5 test 0.5 1s", "epoch 2/2 loss 8 1s", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("screen\n%q\nwant\n%q\noutput %q", got, want, out)
	}

	// The bar was drawn at the first step of each epoch, with the epoch and
	// the running loss; its step count then trails the description by the
	// one step not yet added.
	f := frames(out)
	if len(f) != 2 {
		t.Fatalf("%d bars drawn, want 2: %q", len(f), out)
	}
	for i, w := range [][]string{{"1", "2", "1", "0", "0", "8"}, {"2", "2", "8", "50", "4", "8"}} {
		m := frame.FindStringSubmatch(f[i])
		if m == nil || strings.Join(m[1:], " ") != strings.Join(w, " ") {
			t.Errorf("bar %d is %q, want epoch %s/%s loss %s %s%% (%s/%s) [elapsed:left]", i, f[i], w[0], w[1], w[2], w[3], w[4], w[5])
		}
	}
	// Each epoch's line replaces a cleared bar.
	if !strings.Contains(out, "\repoch 1/2 loss 2.5 test 0.5 1s\n") {
		t.Errorf("epoch 1 line not at the start of a cleared line: %q", out)
	}
}

// Redraws are throttled to one per 100 ms: fifty quick steps draw the bar
// at the first and the bar is cleared at the last.
func TestBarThrottle(t *testing.T) {
	var buf bytes.Buffer
	b := newBarTo(&buf, true, 1, 50, fakeClock(time.Second))
	for range 50 {
		b.add(1, 1)
	}
	b.finish()
	// On a loaded machine a step may be late past the throttle; fifty steps
	// still draw far fewer bars than steps.
	if n := len(frames(buf.String())); n < 1 || n > 5 {
		t.Errorf("%d bars drawn for 50 steps: %q", n, buf.String())
	}
	if got := screen(buf.String()); len(got) != 2 || got[0] != "epoch 1/1 loss 1 1s" || got[1] != "" {
		t.Errorf("screen %q", got)
	}
}

// Off a terminal only the finished epoch lines are written. A minute a
// reading: each epoch's start and end are a minute apart.
func TestBarNotTerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newBarTo(&buf, false, 3, 2, fakeClock(time.Minute))
	for e := 1; e <= 3; e++ {
		b.add(e, float64(e))
		b.add(e, float64(e)+1)
		if e < 3 {
			b.testLoss(0.25)
		}
	}
	b.finish()
	want := "epoch 1/3 loss 1.5 test 0.25 1m0s\n" +
		"epoch 2/3 loss 2.5 test 0.25 1m0s\n" +
		"epoch 3/3 loss 3.5 1m0s\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestBarSilent(t *testing.T) {
	var buf bytes.Buffer
	b := newBar(Config{Progress: &buf, Quiet: true, Epochs: 1}, 3)
	b.add(1, 1)
	b.testLoss(1)
	b.finish()
	if buf.Len() != 0 {
		t.Errorf("quiet bar wrote %q", buf.String())
	}
	// A buffer is not a terminal: finished lines only.
	b = newBar(Config{Progress: &buf, Epochs: 1}, 1)
	b.add(1, 2)
	b.finish()
	if !regexp.MustCompile(`^epoch 1/1 loss 2 \d\S*s\n$`).MatchString(buf.String()) {
		t.Errorf("buffer got %q", buf.String())
	}
	// Without Progress the bar goes to standard error only on a terminal;
	// the tests' standard error is a pipe or file.
	if !stderrIsTerminal() && newBar(Config{Epochs: 1}, 1).s != nil {
		t.Error("a bar off a terminal")
	}
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{{0, "0s"}, {1234567 * time.Microsecond, "1.235s"}, {100*time.Second + 400*time.Millisecond, "1m40s"}, {3723 * time.Second, "1h2m3s"}} {
		if got := epochTime(tc.d); got != tc.want {
			t.Errorf("epochTime(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
