package datasets

import (
	"bytes"
	"strings"
	"testing"
)

func digitsLine(pix, label string) string {
	return strings.Repeat(pix+",", 64) + label + "\n"
}

func TestReadDigitsCSV(t *testing.T) {
	good := digitsLine("16", "3") + "\r\n" + digitsLine("0", "9")
	ds, err := ReadDigitsCSV(strings.NewReader(good), "d")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Len() != 2 || ds.Y.Ints()[0] != 3 || ds.Y.Ints()[1] != 9 || ds.X.Float64s()[0] != 16 {
		t.Errorf("got %v %v", ds.X.Shape(), ds.Y.Ints())
	}
	if ds2, err := ReadDigitsCSV(bytes.NewReader(gzipped([]byte(good))), "d.gz"); err != nil || ds2.Len() != 2 {
		t.Errorf("gzip: %v", err)
	}
	gz := gzipped([]byte(good))
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "d: no samples"},
		{"too few fields", "1,2,3\n", "d:1: 3 fields, want 65"},
		{"pixel 17", digitsLine("0", "1") + digitsLine("17", "1"), "d:2: column 1: \"17\" is not an integer in 0..16"},
		{"label 10", digitsLine("0", "10"), "column 65: \"10\" is not an integer in 0..9"},
		{"not a number", digitsLine("x", "1"), "column 1: \"x\""},
		{"truncated gzip", string(gz[:len(gz)-10]), "truncated gzip"},
		{"long line", strings.Repeat("1", 1<<17), "d:1: line longer than 4096 bytes, the most a digits row"},
		{"long third line", digitsLine("1", "1") + "\n" + strings.Repeat("1,", 2049) + "\n", "d:3: line longer than 4096 bytes"},
		{"long line gzip'd", string(gzipped([]byte(digitsLine("1", "1") + strings.Repeat(" ", 1<<20)))), "d:2: line longer than 4096"},
	} {
		if _, err := ReadDigitsCSV(strings.NewReader(tc.in), "d"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestReadIrisCSV(t *testing.T) {
	good := "2,2,a,b\n1.5,2,1\n-3,4e1,0\n"
	ds, err := ReadIrisCSV(strings.NewReader(good), "i")
	if err != nil {
		t.Fatal(err)
	}
	if x := ds.X.Float64s(); len(x) != 4 || x[0] != 1.5 || x[3] != 40 || ds.Y.Ints()[0] != 1 || ds.Classes[1] != "b" {
		t.Errorf("got %v %v %v", x, ds.Y.Ints(), ds.Classes)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "i: empty file"},
		{"short header", "2,2\n", "i:1: header has 2 fields"},
		{"bad count", "x,2,a\n", "i:1: column 1"},
		{"zero features", "1,0,a\n", "i:1: column 2"},
		{"empty class", "1,1,a,\n", "column 4: empty class name"},
		{"too many", "1,1,a\n1,0\n2,0\n", "i:3: more samples than the 1"},
		{"too few", "3,1,a\n1,0\n", "header announces 3 samples, file holds 1"},
		{"wrong fields", "1,2,a\n1,0\n", "i:2: 2 fields, want 3"},
		{"NaN", "1,1,a\nNaN,0\n", "i:2: column 1: \"NaN\" is not a finite number"},
		{"class out of range", "1,1,a,b\n1,2\n", "column 2: \"2\" is not an integer in 0..1"},
		{"long header", "1,1," + strings.Repeat("a", MaxIrisLine) + "\n1,0\n", "i:1: line longer than 262144 bytes"},
		{"long row", "1,1,a\n" + strings.Repeat("1", MaxIrisLine+1) + ",0\n", "i:2: line longer than 262144 bytes"},
	} {
		if _, err := ReadIrisCSV(strings.NewReader(tc.in), "i"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}
