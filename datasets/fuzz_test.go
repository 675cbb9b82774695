package datasets

import (
	"bytes"
	"testing"
)

// The fuzz targets check that the readers never panic and that whatever they
// accept is a consistent dataset. Seed corpora live in testdata/fuzz/<name>/.

func FuzzIDXImages(f *testing.F) {
	img, _ := tinyMNIST()
	f.Add(img)
	f.Add(gzipped(img))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadIDXImages(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if im.Count < 1 || im.Rows < 1 || im.Cols < 1 || len(im.Pixels) != im.Count*im.Rows*im.Cols {
			t.Fatalf("accepted inconsistent images: %d x %d x %d, %d bytes", im.Count, im.Rows, im.Cols, len(im.Pixels))
		}
	})
}

func FuzzIDXLabels(f *testing.F) {
	img, lab := tinyMNIST()
	f.Add(lab)
	f.Add(gzipped(lab))
	f.Fuzz(func(t *testing.T, data []byte) {
		ls, err := ReadIDXLabels(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if len(ls) == 0 {
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
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ReadDigitsCSV(bytes.NewReader(data), "fuzz")
		if err != nil {
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
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ReadIrisCSV(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if err := ds.Validate(); err != nil {
			t.Fatalf("accepted an invalid dataset: %v", err)
		}
	})
}
