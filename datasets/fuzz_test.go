package datasets

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// The fuzz targets check that the readers never panic and that whatever they
// accept is a consistent dataset. Seed corpora live in testdata/fuzz/<name>/.

// fuzzIDXLimit is the MaxIDXBytes of the IDX fuzz targets: small, so that a
// mutated header next to a gzip'd run of zeros stays cheap, yet above every
// seed.
const fuzzIDXLimit = 1 << 20

// idxShapes adds the hostile shapes to an IDX fuzz corpus: a header claiming
// 2^31 entries in a 100-byte file, a count just over the limit, and bombs in
// miniature (a gzip'd run of zeros, the header asking for less and for more).
func idxShapes(f *testing.F, magic uint32, dims int) {
	claim := func(count uint32) []uint32 {
		d := []uint32{count, 1, 1}
		return d[:dims]
	}
	f.Add(idxFile(magic, claim(1<<31), make([]byte, 100-4-4*dims)))
	f.Add(idxFile(magic, claim(fuzzIDXLimit+1), nil))
	zeros := make([]byte, 1<<16)
	f.Add(gzipped(idxFile(magic, claim(1<<10), zeros)))      // trailing data
	f.Add(gzipped(idxFile(magic, claim(1<<20), zeros)))      // short
	f.Add(gzipped(idxFile(magic, claim(1<<16), zeros)))      // exact
	f.Add(gzipped(idxFile(magic, claim(0xffffffff), zeros))) // over the limit
}

// setFuzzIDXLimit lowers MaxIDXBytes for a fuzz target (each fuzz worker
// runs one target in its own process).
func setFuzzIDXLimit(f *testing.F) {
	old := MaxIDXBytes
	MaxIDXBytes = fuzzIDXLimit
	f.Cleanup(func() { MaxIDXBytes = old })
}

func FuzzIDXImages(f *testing.F) {
	img, _ := tinyMNIST()
	f.Add(img)
	f.Add(gzipped(img))
	idxShapes(f, IDXImagesMagic, 3)
	setFuzzIDXLimit(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadIDXImages(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "datasets: fuzz: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		if im.Count < 1 || im.Rows < 1 || im.Cols < 1 || len(im.Pixels) != im.Count*im.Rows*im.Cols ||
			len(im.Pixels) > fuzzIDXLimit {
			t.Fatalf("accepted inconsistent images: %d x %d x %d, %d bytes", im.Count, im.Rows, im.Cols, len(im.Pixels))
		}
	})
}

func FuzzIDXLabels(f *testing.F) {
	img, lab := tinyMNIST()
	f.Add(lab)
	f.Add(gzipped(lab))
	idxShapes(f, IDXLabelsMagic, 1)
	setFuzzIDXLimit(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ls, err := ReadIDXLabels(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if len(ls) == 0 || len(ls) > fuzzIDXLimit {
			t.Fatal("accepted an empty label file")
		}
		ds, err := ReadMNIST(bytes.NewReader(img), bytes.NewReader(data), "img", "fuzz")
		if err == nil {
			if err := ds.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzDigitsCSV(f *testing.F) {
	f.Add([]byte(digitsLine("16", "3") + digitsLine("0", "9")))
	f.Add([]byte("1,2,3\n"))
	f.Add(gzipped([]byte(digitsLine("1", "2") + strings.Repeat("1,", MaxDigitsLine/2+1) + "\n"))) // long line, gzip'd: tens of bytes
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ReadDigitsCSV(bytes.NewReader(data), "fuzz")
		if err != nil {
			wantLine(t, err)
			return
		}
		if err := ds.Validate(); err != nil || ds.X.Shape()[1] != 64 {
			t.Fatalf("accepted an invalid dataset: %v", err)
		}
	})
}

func FuzzIrisCSV(f *testing.F) {
	f.Add([]byte("2,2,a,b\n1.5,2,1\n-3,4e1,0\n"))
	f.Add(irisCSV[:200])
	f.Add([]byte("16777216,4096,a\n1,0\n"))                                         // lying header: 2^24 samples of 4096 features
	f.Add(gzipped([]byte("1,1,a\n" + strings.Repeat("1", MaxIrisLine+1) + ",0\n"))) // long line, gzip'd: hundreds of bytes
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ReadIrisCSV(bytes.NewReader(data), "fuzz")
		if err != nil {
			wantLine(t, err)
			return
		}
		if err := ds.Validate(); err != nil {
			t.Fatalf("accepted an invalid dataset: %v", err)
		}
	})
}

// lineErr matches the line-limit error, which must name the file and line.
var lineErr = regexp.MustCompile(`^datasets: fuzz:[1-9][0-9]*: line longer than [0-9]+ bytes`)

// wantLine fails a fuzz run whose error lacks the package prefix, or that
// reports a line limit without naming the line.
func wantLine(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if !strings.HasPrefix(msg, "datasets: ") || (strings.Contains(msg, "line longer than") && !lineErr.MatchString(msg)) {
		t.Fatalf("error %q", msg)
	}
}
