package metrics

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestConfusionTable(t *testing.T) {
	yTrue := make([]int, 0, 120)
	yPred := make([]int, 0, 120)
	for i := 0; i < 100; i++ {
		yTrue, yPred = append(yTrue, 0), append(yPred, 0)
	}
	yTrue, yPred = append(yTrue, 1, 2), append(yPred, 2, 2)
	c, err := NewConfusionNames(yTrue, yPred, []string{"a", "hippopotamus", "cat"})
	if err != nil {
		t.Fatal(err)
	}
	want := `true\pred       a  hippopotamus  cat
a             100             0    0
hippopotamus    0             0    1
cat             0             0    1
`
	if got := c.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	var buf bytes.Buffer
	n, err := c.WriteTo(&buf)
	if err != nil || buf.String() != want || n != int64(len(want)) {
		t.Errorf("WriteTo wrote %d bytes %q, err %v; want %q", n, buf.String(), err, want)
	}
	if _, err := c.WriteTo(failWriter{}); err == nil {
		t.Error("WriteTo a failing writer: no error")
	}
}

func TestReportText(t *testing.T) {
	c, err := NewConfusionNames([]int{0, 1, 1}, []int{0, 1, 0}, []string{"a", "a rather long class name"})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Report()
	var buf bytes.Buffer
	if _, err := r.WriteTo(&buf); err != nil || buf.String() != r.String() {
		t.Fatalf("WriteTo wrote %q, err %v; want %q", buf.String(), err, r.String())
	}
	lines := strings.Split(r.String(), "\n")
	// The numbers line up: every row ends at the same column as the header.
	for _, i := range []int{2, 3, 6, 7} {
		if len(lines[i]) != len(lines[0]) {
			t.Errorf("line %d %q has length %d, header has %d", i, lines[i], len(lines[i]), len(lines[0]))
		}
	}
	if !strings.HasPrefix(lines[3], "a rather long class name       1.00      0.50      0.67         2") {
		t.Errorf("line 3 = %q", lines[3])
	}
	if _, err := r.WriteTo(failWriter{}); err == nil {
		t.Error("WriteTo a failing writer: no error")
	}
}
