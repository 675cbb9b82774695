package datasets

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The sizes and ends were read off shared/data/text-newton-opticks (its
// README: 567,198 bytes, 567,038 characters, 91 distinct, no final newline)
// and checked with Python: s = gzip.open("opticks.txt.gz").read().decode();
// len(s.encode()), len(s), len(set(s)), s[-12:].
func TestOpticks(t *testing.T) {
	s, err := Opticks()
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 567198 || utf8.RuneCountInString(s) != 567038 || !strings.HasSuffix(s, "corrupted\nthemselves.") ||
		!strings.HasPrefix(s, "Produced by Suzanne Lybarger") || !strings.Contains(s, "OPTICKS") {
		t.Errorf("Opticks: %d bytes, starts %q", len(s), s[:20])
	}
	v, err := NewVocabulary(s)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := v.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := v.Decode(ids)
	if err != nil || back != s {
		t.Errorf("round trip failed: %v", err)
	}
	if v.Size() != 91 {
		t.Errorf("vocabulary size %d, want 91", v.Size())
	}
	if again, _ := Opticks(); again != s {
		t.Error("a second call returned another text")
	}
}

func TestVocabulary(t *testing.T) {
	v, err := NewVocabulary("hello, wörld")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(v.Runes()); got != " ,dehlorwö" {
		t.Errorf("runes %q", got)
	}
	if got := v.Classes(); got[0] != " " || got[9] != "ö" || len(got) != 10 {
		t.Errorf("classes %q", got)
	}
	ids, err := v.Encode("hö")
	if err != nil || !reflect.DeepEqual(ids, []int{4, 9}) {
		t.Errorf("Encode = %v, %v", ids, err)
	}
	errs := []struct {
		err  error
		want string
	}{
		{second(v.Encode("hex")), `rune 'x' at byte 2 is not in the vocabulary`},
		{second(v.Encode("h\xff")), "not valid UTF-8"},
		{second(v.Decode([]int{1, 10})), "id 10 at position 1 is outside the vocabulary 0..9"},
		{second(v.Decode([]int{-1})), "id -1 at position 0"},
		{second(NewVocabulary("")), "empty text"},
		{second((*Vocabulary)(nil).Encode("a")), "nil Vocabulary"},
		{second((*Vocabulary)(nil).Decode([]int{0})), "outside the vocabulary"},
		{second(NewVocabulary("a\xc3")), "not valid UTF-8"},
	}
	for _, e := range errs {
		if e.err == nil || !strings.HasPrefix(e.err.Error(), "datasets: ") || !strings.Contains(e.err.Error(), e.want) {
			t.Errorf("error %v, want %q", e.err, e.want)
		}
	}
}

// second returns the error of a two-result call.
func second[T any](_ T, err error) error { return err }

func TestCharWindows(t *testing.T) {
	d, err := CharWindows([]int{0, 2, 1, 2}, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	wantX := []float64{
		1, 0, 0, 0, 0, 1, // ids 0, 2
		0, 0, 1, 0, 1, 0, // ids 2, 1
	}
	if !reflect.DeepEqual(ferF64(t, d.X), wantX) || !reflect.DeepEqual(ferInts(t, d.Y), []int{1, 2}) ||
		!reflect.DeepEqual(d.SampleShape, []int{2, 3}) || !reflect.DeepEqual(d.Classes, []string{"0", "1", "2"}) {
		t.Errorf("X %v Y %v", d.X.Data(), d.Y.Data())
	}
	for _, tc := range []struct {
		ids           []int
		window, vocab int
		want          string
	}{
		{[]int{0, 1}, 2, 3, "too few"},
		{[]int{0, 1, 3}, 1, 3, "id 3 at position 2"},
		{[]int{0, 1, 2}, 0, 3, "at least 1"},
		{[]int{0, 1, 2}, 1, 0, "at least 1"},
		{[]int{0, 1, 2}, 1, 1 << 62, "exceed"},
	} {
		if _, err := CharWindows(tc.ids, tc.window, tc.vocab); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CharWindows(%v, %d, %d): %v, want %q", tc.ids, tc.window, tc.vocab, err, tc.want)
		}
	}
}
