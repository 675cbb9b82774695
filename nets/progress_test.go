package nets

import (
	"bytes"
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

// Two epochs of four steps on a clock that advances a second at every
// reading (one per call): the bar starts at 1 s, the first add reads 2 s
// with 1 of 8 steps done in 1 s and 7 left: "7s left". Losses 1, 2, 3, 4
// give running means 1, 1.5, 2, 2.5.
func TestBarTerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newBarTo(&buf, true, 2, 4, fakeClock(time.Second))
	for step, loss := range []float64{1, 2, 3, 4} {
		b.add(1, loss)
		if step == 0 {
			want := "\repoch 1/2 1/4 [=====>..............] loss 1  7s left\x1b[K"
			if buf.String() != want {
				t.Fatalf("first draw %q, want %q", buf.String(), want)
			}
		}
	}
	b.testLoss(0.5)
	b.add(2, 8)
	b.finish()
	b.finish()
	lines := strings.Split(buf.String(), "\n")
	if len(lines) != 3 || lines[2] != "" {
		t.Fatalf("%d lines: %q", len(lines), buf.String())
	}
	// Redraws at 100 ms or more apart: every step here (a second each).
	draws := strings.Split(lines[0], "\r")[1:]
	want := []string{
		"epoch 1/2 1/4 [=====>..............] loss 1  7s left\x1b[K",
		"epoch 1/2 2/4 [==========>.........] loss 1.5  6s left\x1b[K",
		"epoch 1/2 3/4 [===============>....] loss 2  5s left\x1b[K",
		"epoch 1/2 4/4 [====================] loss 2.5  4s left\x1b[K",
		"epoch 1/2 4/4 [====================] loss 2.5  test 0.5  4s\x1b[K", // started at 2 s, closed at 6 s
	}
	if strings.Join(draws, "|") != strings.Join(want, "|") {
		t.Errorf("epoch 1 draws\n%q\nwant\n%q", draws, want)
	}
	// Epoch 2's first step at 7 s: 5 of 8 done in 6 s, the 3 left take 3.6 s.
	// finish closes it at 8 s, without a test loss.
	draws = strings.Split(lines[1], "\r")[1:]
	want = []string{
		"epoch 2/2 1/4 [=====>..............] loss 8  4s left\x1b[K",
		"epoch 2/2 1/4 [=====>..............] loss 8  1s\x1b[K",
	}
	if strings.Join(draws, "|") != strings.Join(want, "|") {
		t.Errorf("epoch 2 draws\n%q\nwant\n%q", draws, want)
	}
}

// Redraws are throttled: steps 10 ms apart redraw at the first and last step
// of an epoch and every 100 ms between.
func TestBarThrottle(t *testing.T) {
	var buf bytes.Buffer
	b := newBarTo(&buf, true, 1, 50, fakeClock(10*time.Millisecond))
	for range 50 {
		b.add(1, 1)
	}
	b.finish()
	// First step, then every 10th (100 ms later), the last, and the close.
	if n := strings.Count(buf.String(), "\r"); n != 1+4+1+1 {
		t.Errorf("%d redraws: %q", n, buf.String())
	}
}

// Off a terminal only the finished epoch lines are written. A minute a
// reading: each epoch's first step, second step and end are a minute apart.
func TestBarNotTerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newBarTo(&buf, false, 3, 2, fakeClock(time.Minute))
	for e := 1; e <= 3; e++ {
		b.add(e, float64(e))
		b.add(e, float64(e))
		if e < 3 {
			b.testLoss(0.25)
		}
	}
	b.finish()
	want := "epoch 1/3 2/2 [====================] loss 1  test 0.25  2:00\n" +
		"epoch 2/3 2/2 [====================] loss 2  test 0.25  2:00\n" +
		"epoch 3/3 2/2 [====================] loss 3  2:00\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestBarSilent(t *testing.T) {
	var buf bytes.Buffer
	for _, cfg := range []Config{{Progress: &buf, Quiet: true, Epochs: 1}} {
		b := newBar(cfg, 3)
		b.add(1, 1)
		b.testLoss(1)
		b.finish()
	}
	if buf.Len() != 0 {
		t.Errorf("quiet bar wrote %q", buf.String())
	}
	// A buffer is not a terminal: finished lines only.
	b := newBar(Config{Progress: &buf, Epochs: 1}, 1)
	b.add(1, 2)
	b.finish()
	if !strings.HasPrefix(buf.String(), "epoch 1/1 1/1 [====================] loss 2  ") || strings.Contains(buf.String(), "\r") {
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
	}{{0, "0s"}, {59400 * time.Millisecond, "59s"}, {100 * time.Second, "1:40"}, {3723 * time.Second, "1:02:03"}} {
		if got := formatDuration(tc.d); got != tc.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
