package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idxFile builds an IDX file: magic, big-endian dimensions, then data.
func idxFile(magic uint32, dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(data)
	return b.Bytes()
}

func gzipped(p []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(p)
	zw.Close()
	return b.Bytes()
}

// tinyMNIST returns 3 images of 2x2 pixels and their labels.
func tinyMNIST() (img, lab []byte) {
	pix := []byte{0, 1, 2, 3, 10, 20, 30, 40, 255, 254, 253, 252}
	return idxFile(IDXImagesMagic, []uint32{3, 2, 2}, pix), idxFile(IDXLabelsMagic, []uint32{3}, []byte{7, 0, 9})
}

func TestReadMNISTRawAndGzip(t *testing.T) {
	img, lab := tinyMNIST()
	for _, tc := range []struct {
		name     string
		img, lab []byte
	}{{"raw", img, lab}, {"gzip", gzipped(img), gzipped(lab)}, {"mixed", img, gzipped(lab)}} {
		ds, err := ReadMNIST(bytes.NewReader(tc.img), bytes.NewReader(tc.lab), "img", "lab")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if s := ds.X.Shape(); s[0] != 3 || s[1] != 4 || ds.SampleShape[0] != 2 || ds.SampleShape[1] != 2 {
			t.Errorf("%s: shape %v sample %v", tc.name, s, ds.SampleShape)
		}
		if x := ds.X.Float64s(); x[4] != 10 || x[8] != 255 || x[11] != 252 {
			t.Errorf("%s: pixels %v", tc.name, x)
		}
		if y := ds.Y.Ints(); y[0] != 7 || y[1] != 0 || y[2] != 9 {
			t.Errorf("%s: labels %v", tc.name, y)
		}
	}
}

func TestIDXErrors(t *testing.T) {
	img, lab := tinyMNIST()
	gz := gzipped(img)
	tests := []struct {
		name     string
		img, lab []byte
		want     []string // substrings of the error
	}{
		{"empty images", nil, lab, []string{"img", "magic number: want 4 bytes, file holds 0"}},
		{"short header", img[:10], lab, []string{"img", "header: want 16 bytes, file holds 10"}},
		{"labels as images", lab, lab, []string{"img", "bad magic number 0x00000801", "want 0x00000803"}},
		{"images as labels", img, img, []string{"lab", "bad magic number 0x00000803", "want 0x00000801"}},
		{"short data", img[:len(img)-1], lab, []string{"img", "need 12 data bytes", "holds only 11"}},
		{"trailing data", append(append([]byte{}, img...), 0), lab, []string{"img", "holds more", "byte 28"}},
		{"count too big", idxFile(IDXImagesMagic, []uint32{4, 2, 2}, img[16:]), lab, []string{"need 16 data bytes", "holds only 12"}},
		{"zero rows", idxFile(IDXImagesMagic, []uint32{3, 0, 2}, nil), lab, []string{"dimension 1", "is 0"}},
		{"absurd count", idxFile(IDXImagesMagic, []uint32{0xffffffff, 28, 28}, img[16:]), lab, []string{"img", "offsets 4 to 7", "more than datasets.MaxIDXBytes = 268435456"}},
		{"absurd but allowed count", idxFile(IDXImagesMagic, []uint32{300000, 28, 28}, img[16:]), lab, []string{"need 235200000 data bytes", "holds only 12", "ends at byte offset 28"}},
		{"truncated gzip", gz[:len(gz)-12], lab, []string{"img", "truncated gzip"}},
		{"truncated gzip header", gz[:5], lab, []string{"img", "bad gzip header"}},
		{"damaged gzip", append(append([]byte{}, gz[:len(gz)-8]...), 0, 0, 0, 0, 0, 0, 0, 0), lab, []string{"img", "checksum"}},
		{"count mismatch", img, idxFile(IDXLabelsMagic, []uint32{2}, []byte{1, 2}), []string{"img holds 3 images but lab holds 2 labels"}},
		{"label too big", img, idxFile(IDXLabelsMagic, []uint32{3}, []byte{1, 10, 2}), []string{"lab", "label 10 of sample 1", "offset 9"}},
		{"short labels", img, lab[:9], []string{"lab", "need 3 data bytes", "holds only 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadMNIST(bytes.NewReader(tc.img), bytes.NewReader(tc.lab), "img", "lab")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range append(tc.want, "datasets: ") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if _, err := ReadIDXImages(nil, "nil"); err == nil {
		t.Error("nil reader: no error")
	}
}

func TestLoadMNISTDir(t *testing.T) {
	dir := t.TempDir()
	img, lab := tinyMNIST()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("train-images-idx3-ubyte.gz", gzipped(img))
	write("train-labels-idx1-ubyte.gz", gzipped(lab))
	write("t10k-images-idx3-ubyte", img)
	write("t10k-labels-idx1-ubyte", lab[:9])
	ds, err := LoadMNISTDir(dir, "train")
	if err != nil || ds.Len() != 3 {
		t.Fatalf("train: %v", err)
	}
	for _, tc := range []struct{ dir, part, want string }{
		{dir, "t10k", "t10k-labels-idx1-ubyte: header dimensions [3]"},
		{dir, "test", "holds only 1"},
		{dir, "valid", `MNIST part "valid"`},
		{t.TempDir(), "train", "no MNIST images file"},
	} {
		if _, err := LoadMNISTDir(tc.dir, tc.part); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.part, err, tc.want)
		}
	}
	if _, err := LoadMNISTFiles(filepath.Join(dir, "nope"), filepath.Join(dir, "nope")); err == nil {
		t.Error("missing file: no error")
	}
}
