package datasets

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCharCorpus(t *testing.T) {
	// 10 runes, one of them two bytes: the last tenth is the last rune.
	c, err := NewCharCorpus("abcabcabcé", 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Vocab.Size() != 4 || !slices.Equal(c.Train, []int{0, 1, 2, 0, 1, 2, 0, 1, 2}) || !slices.Equal(c.Test, []int{3}) {
		t.Errorf("vocab %d, train %v, test %v", c.Vocab.Size(), c.Train, c.Test)
	}
	// The test windows read the training part's tail: the one test sample
	// is "bc" -> "é".
	tw, err := c.TestWindows(2)
	if err != nil {
		t.Fatal(err)
	}
	wantX := []float64{0, 1, 0, 0 /* b */, 0, 0, 1, 0 /* c */}
	if !reflect.DeepEqual(ferF64(t, tw.X), wantX) || !reflect.DeepEqual(ferInts(t, tw.Y), []int{3}) || tw.Classes[3] != "é" {
		t.Errorf("test windows X %v Y %v classes %v", tw.X.Data(), tw.Y.Data(), tw.Classes)
	}
	trw, err := c.TrainWindows(2)
	if err != nil || trw.Len() != 7 || !reflect.DeepEqual(ferInts(t, trw.Y), []int{2, 0, 1, 2, 0, 1, 2}) {
		t.Errorf("train windows %v, %v", trw, err)
	}
	// Appending to Train must not overwrite Test.
	_ = append(c.Train, 0)
	if c.Test[0] != 3 {
		t.Error("Train and Test share their backing array")
	}
	for _, tc := range []struct {
		text string
		f    float64
		want string
	}{
		{"abc", 0, "test fraction 0"},
		{"abc", 1, "test fraction 1"},
		{"a", 0.5, "too short"},
		{"", 0.1, "empty text"},
		{"a\xff", 0.1, "not valid UTF-8"},
	} {
		if _, err := NewCharCorpus(tc.text, tc.f); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewCharCorpus(%q, %v): %v, want %q", tc.text, tc.f, err, tc.want)
		}
	}
	if _, err := c.TestWindows(10); err == nil || !strings.Contains(err.Error(), "longer than the 9 training ids") {
		t.Errorf("TestWindows(10): %v", err)
	}
	if _, err := c.TestWindows(0); err == nil {
		t.Error("TestWindows(0) accepted")
	}
	if _, err := (*CharCorpus)(nil).TrainWindows(1); err == nil {
		t.Error("nil corpus accepted")
	}
}

// The documented split of the whole text; the counts were computed with
// Python: s = gzip.open("opticks.txt.gz").read().decode(); len(s),
// len(set(s)), len(s) // 10 for the test part, and set(test) - set(train)
// (empty).
func TestOpticksCorpus(t *testing.T) {
	c, err := OpticksCorpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Train) != 510335 || len(c.Test) != 56703 || c.Vocab.Size() != 91 {
		t.Errorf("train %d test %d vocab %d", len(c.Train), len(c.Test), c.Vocab.Size())
	}
	tail, err := c.Vocab.Decode(c.Test)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := Opticks()
	if !strings.HasSuffix(s, tail) {
		t.Error("the test part is not the text's end")
	}
	seen := make(map[int]bool)
	for _, id := range c.Train {
		seen[id] = true
	}
	for i, id := range c.Test {
		if !seen[id] {
			t.Fatalf("test rune %d, %q, never occurs in the training part", i, c.Vocab.Runes()[id])
		}
	}
}

func TestCharSequences(t *testing.T) {
	// ids 0 2 1 2 0, steps 2: (0 2 -> 2 1), (1 2 -> 2 0).
	d, err := CharSequences([]int{0, 2, 1, 2, 0}, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	wantX := []float64{1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}
	wantY := []float64{0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0}
	if !reflect.DeepEqual(ferF64(t, d.X), wantX) || !reflect.DeepEqual(ferF64(t, d.Y), wantY) ||
		!reflect.DeepEqual(d.SampleShape, []int{2, 3}) || d.Classes != nil || d.Validate() != nil {
		t.Errorf("X %v Y %v", d.X.Data(), d.Y.Data())
	}
	// Six ids give two sequences of two; the last id is dropped.
	if d, err := CharSequences([]int{0, 1, 2, 0, 1, 2}, 2, 3); err != nil || d.Len() != 2 {
		t.Errorf("6 ids: %v, %v", d, err)
	}
	for _, tc := range []struct {
		ids          []int
		steps, vocab int
		want         string
	}{
		{[]int{0, 1}, 2, 3, "too few"},
		{nil, 1, 3, "too few"},
		{[]int{0, 1, 3}, 1, 3, "id 3 at position 2"},
		{[]int{0, 1, 2}, 0, 3, "at least 1"},
		{[]int{0, 1, 2}, 1, 1 << 62, "exceed"},
	} {
		if _, err := CharSequences(tc.ids, tc.steps, tc.vocab); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CharSequences(%v, %d, %d): %v, want %q", tc.ids, tc.steps, tc.vocab, err, tc.want)
		}
	}
}
