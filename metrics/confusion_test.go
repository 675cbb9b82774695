package metrics

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestNewConfusion(t *testing.T) {
	for _, test := range []struct {
		name         string
		yTrue, yPred []int
		classes      int
		want         [][]int
	}{
		{
			// The example of scikit-learn's confusion_matrix documentation.
			name:  "sklearn",
			yTrue: []int{2, 0, 2, 2, 0, 1}, yPred: []int{0, 0, 2, 2, 0, 2},
			classes: 3,
			want:    [][]int{{2, 0, 0}, {0, 0, 1}, {1, 0, 2}},
		},
		{
			// Class 1 is never predicted and class 3 never occurs at all;
			// both still get a row and a column.
			name:  "unseen classes",
			yTrue: []int{0, 1, 1, 2}, yPred: []int{0, 0, 2, 2},
			classes: 4,
			want:    [][]int{{1, 0, 0, 0}, {1, 0, 1, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}},
		},
		{
			name:    "empty",
			classes: 2,
			want:    [][]int{{0, 0}, {0, 0}},
		},
	} {
		c, err := NewConfusion(test.yTrue, test.yPred, test.classes)
		if err != nil {
			t.Fatalf("%s: unexpected error: %v", test.name, err)
		}
		if got := c.Matrix(); !reflect.DeepEqual(got, test.want) {
			t.Errorf("%s: Matrix() = %v, want %v", test.name, got, test.want)
		}
		if c.Classes() != test.classes || c.Total() != len(test.yTrue) {
			t.Errorf("%s: Classes, Total = %d, %d, want %d, %d",
				test.name, c.Classes(), c.Total(), test.classes, len(test.yTrue))
		}
		for i := range test.want {
			for j, v := range test.want[i] {
				if c.At(i, j) != v {
					t.Errorf("%s: At(%d, %d) = %d, want %d", test.name, i, j, c.At(i, j), v)
				}
			}
		}
	}
}

func TestNewConfusionErrors(t *testing.T) {
	for _, test := range []struct {
		name         string
		yTrue, yPred []int
		classes      int
		label        *LabelError
		length       *LengthError
		msg          string
	}{
		{name: "no classes", classes: 0, msg: "metrics: number of classes must be positive, got 0"},
		{
			name: "lengths", yTrue: []int{0, 1}, yPred: []int{0}, classes: 2,
			length: &LengthError{A: "yTrue", B: "yPred", LenA: 2, LenB: 1},
			msg:    "metrics: length mismatch: len(yTrue) = 2, len(yPred) = 1",
		},
		{
			name: "true too big", yTrue: []int{0, 1, 3}, yPred: []int{0, 1, 1}, classes: 3,
			label: &LabelError{Slice: "yTrue", Index: 2, Label: 3, Classes: 3},
			msg:   "metrics: yTrue[2] = 3 is not a class label in [0, 3)",
		},
		{
			name: "pred negative", yTrue: []int{0, 1, 2}, yPred: []int{0, -1, 1}, classes: 3,
			label: &LabelError{Slice: "yPred", Index: 1, Label: -1, Classes: 3},
			msg:   "metrics: yPred[1] = -1 is not a class label in [0, 3)",
		},
	} {
		c, err := NewConfusion(test.yTrue, test.yPred, test.classes)
		if err == nil {
			t.Errorf("%s: got %v, want an error", test.name, c)
			continue
		}
		if err.Error() != test.msg {
			t.Errorf("%s: error %q, want %q", test.name, err, test.msg)
		}
		var le *LabelError
		if test.label != nil && (!errors.As(err, &le) || *le != *test.label) {
			t.Errorf("%s: error %#v, want %#v", test.name, err, test.label)
		}
		var ne *LengthError
		if test.length != nil && (!errors.As(err, &ne) || *ne != *test.length) {
			t.Errorf("%s: error %#v, want %#v", test.name, err, test.length)
		}
	}
	if _, err := NewConfusionNames(nil, nil, nil); err == nil || !strings.HasPrefix(err.Error(), "metrics: ") {
		t.Errorf("NewConfusionNames without names: error %v, want a metrics error", err)
	}
}

func TestConfusionAdd(t *testing.T) {
	yTrue := []int{2, 0, 2, 2, 0, 1}
	yPred := []int{0, 0, 2, 2, 0, 2}
	whole, err := NewConfusion(yTrue, yPred, 3)
	if err != nil {
		t.Fatal(err)
	}
	batched, err := NewConfusion(yTrue[:2], yPred[:2], 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := batched.Add(yTrue[2:], yPred[2:]); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(batched.Matrix(), whole.Matrix()) || batched.Total() != whole.Total() {
		t.Errorf("batched %v, want %v", batched.Matrix(), whole.Matrix())
	}
	// A bad label late in the batch leaves the matrix unchanged.
	before := batched.Matrix()
	if err := batched.Add([]int{0, 1, 5}, []int{0, 1, 1}); err == nil {
		t.Error("Add with label 5 of 3 classes: no error")
	}
	if !reflect.DeepEqual(batched.Matrix(), before) || batched.Total() != 6 {
		t.Errorf("failed Add changed the matrix: %v, want %v", batched.Matrix(), before)
	}
	// Matrix returns a copy.
	batched.Matrix()[0][0] = 100
	if batched.At(0, 0) != 2 {
		t.Errorf("modifying Matrix() changed the Confusion")
	}
}

func TestConfusionJSON(t *testing.T) {
	c, err := NewConfusionNames([]int{0, 1, 1}, []int{0, 1, 0}, []string{"no", "yes"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"classes":["no","yes"],"matrix":[[1,0],[1,1]]}`
	if string(got) != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
}
