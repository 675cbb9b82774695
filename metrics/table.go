package metrics

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// corner is the header of the column of row names in the confusion table.
const corner = `true\pred`

// WriteTo writes c to w as an aligned text table: a header row of predicted
// class names, then one row per true class. It returns the number of bytes
// written and any error from w.
func (c *Confusion) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, c.table())
	return int64(n), err
}

// String returns the text table that WriteTo writes.
func (c *Confusion) String() string { return c.table() }

func (c *Confusion) table() string {
	n := len(c.names)
	first := len(corner)
	for _, name := range c.names {
		first = max(first, len(name))
	}
	widths := make([]int, n)
	for p, name := range c.names {
		widths[p] = len(name)
		for t := 0; t < n; t++ {
			widths[p] = max(widths[p], len(strconv.Itoa(c.counts[t*n+p])))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", first, corner)
	for p, name := range c.names {
		fmt.Fprintf(&b, "  %*s", widths[p], name)
	}
	b.WriteByte('\n')
	for t, name := range c.names {
		fmt.Fprintf(&b, "%-*s", first, name)
		for p := 0; p < n; p++ {
			fmt.Fprintf(&b, "  %*d", widths[p], c.counts[t*n+p])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// WriteTo writes r to w in the layout of scikit-learn's
// classification_report with two digits: precision, recall, f1-score and
// support per class, then accuracy, macro avg and weighted avg. It returns
// the number of bytes written and any error from w.
func (r Report) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, r.text(2))
	return int64(n), err
}

// String returns the text that WriteTo writes.
func (r Report) String() string { return r.text(2) }

// text mirrors classification_report: the name column is as wide as the
// longest of the class names and "weighted avg", and each number column is
// 9 wide, separated by one space.
func (r Report) text(digits int) string {
	width := len(r.WeightedAvg.Name)
	for _, s := range r.Classes {
		width = max(width, len(s.Name))
	}
	var b strings.Builder
	line := func(format string, args ...any) {
		b.WriteString(strings.TrimRight(fmt.Sprintf(format, args...), " "))
		b.WriteByte('\n')
	}
	row := func(s ClassScore) {
		line("%*s  %9.*f %9.*f %9.*f %9d", width, s.Name,
			digits, s.Precision, digits, s.Recall, digits, s.F1, s.Support)
	}
	line("%*s  %9s %9s %9s %9s", width, "", "precision", "recall", "f1-score", "support")
	line("")
	for _, s := range r.Classes {
		row(s)
	}
	line("")
	line("%*s  %9s %9s %9.*f %9d", width, "accuracy", "", "",
		digits, r.Accuracy, r.MacroAvg.Support)
	row(r.MacroAvg)
	row(r.WeightedAvg)
	return b.String()
}
