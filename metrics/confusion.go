package metrics

import (
	"errors"
	"strconv"
)

// Confusion is a confusion matrix: At(t, p) counts the samples whose true
// class is t and whose predicted class is p. Rows are true classes and
// columns are predicted classes, as in scikit-learn's confusion_matrix.
//
// The zero value is not usable; create a Confusion with NewConfusion or
// NewConfusionNames.
type Confusion struct {
	names  []string
	counts []int // row-major, len(names)*len(names)
	total  int
}

// NewConfusion returns the confusion matrix of yTrue against yPred over the
// class labels 0, 1, ..., classes-1, named "0", "1", and so on. Every class
// gets a row and a column even if it never occurs. NewConfusion returns an
// error if classes is not positive, if the slices have different lengths
// (*LengthError), or if a label is outside [0, classes) (*LabelError).
func NewConfusion(yTrue, yPred []int, classes int) (*Confusion, error) {
	if classes <= 0 {
		return nil, errors.New("metrics: number of classes must be positive, got " + strconv.Itoa(classes))
	}
	names := make([]string, classes)
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	return NewConfusionNames(yTrue, yPred, names)
}

// NewConfusionNames is like NewConfusion with len(names) classes; class i is
// displayed as names[i]. The names are copied. NewConfusionNames returns an
// error if names is empty, if the slices have different lengths
// (*LengthError), or if a label is outside [0, len(names)) (*LabelError).
func NewConfusionNames(yTrue, yPred []int, names []string) (*Confusion, error) {
	if len(names) == 0 {
		return nil, errors.New("metrics: no class names")
	}
	n := len(names)
	c := &Confusion{
		names:  append([]string(nil), names...),
		counts: make([]int, n*n),
	}
	if err := c.Add(yTrue, yPred); err != nil {
		return nil, err
	}
	return c, nil
}

// Add counts more (true, predicted) pairs, for example one batch of an
// evaluation loop. Add checks all of its input before counting anything, so
// on error c is unchanged. Add returns a *LengthError if the slices have
// different lengths and a *LabelError if a label is out of range.
func (c *Confusion) Add(yTrue, yPred []int) error {
	if err := checkLen("yTrue", len(yTrue), "yPred", len(yPred)); err != nil {
		return err
	}
	n := len(c.names)
	for i := range yTrue {
		if t := yTrue[i]; t < 0 || t >= n {
			return &LabelError{Slice: "yTrue", Index: i, Label: t, Classes: n}
		}
		if p := yPred[i]; p < 0 || p >= n {
			return &LabelError{Slice: "yPred", Index: i, Label: p, Classes: n}
		}
	}
	for i, t := range yTrue {
		c.counts[t*n+yPred[i]]++
	}
	c.total += len(yTrue)
	return nil
}

// Classes returns the number of classes, which is the number of rows and of
// columns.
func (c *Confusion) Classes() int { return len(c.names) }

// Names returns a copy of the class names.
func (c *Confusion) Names() []string { return append([]string(nil), c.names...) }

// Total returns the number of samples counted.
func (c *Confusion) Total() int { return c.total }

// At returns the number of samples of true class t predicted as class p.
// At panics if t or p is outside [0, Classes()), like indexing a slice.
func (c *Confusion) At(t, p int) int {
	n := len(c.names)
	if t < 0 || t >= n || p < 0 || p >= n {
		panic("metrics: confusion index out of range")
	}
	return c.counts[t*n+p]
}

// Matrix returns a copy of the counts as rows of true classes, each holding
// one column per predicted class; it is ready for encoding/json.
func (c *Confusion) Matrix() [][]int {
	n := len(c.names)
	m := make([][]int, n)
	for t := range m {
		m[t] = append([]int(nil), c.counts[t*n:(t+1)*n]...)
	}
	return m
}

// Accuracy returns the fraction of samples on the diagonal, or 0 if no
// samples have been counted.
func (c *Confusion) Accuracy() float64 {
	if c.total == 0 {
		return 0
	}
	n := len(c.names)
	correct := 0
	for k := 0; k < n; k++ {
		correct += c.counts[k*n+k]
	}
	return float64(correct) / float64(c.total)
}
