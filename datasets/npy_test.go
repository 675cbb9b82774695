package datasets

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// npyFile builds a version 1.0 .npy file from a header dict and data bytes.
func npyFile(header string, data []byte) []byte {
	b := []byte("\x93NUMPY\x01\x00")
	b = binary.LittleEndian.AppendUint16(b, uint16(len(header)))
	b = append(b, header...)
	return append(b, data...)
}

// npyHdr is the header numpy writes for descr and shape, unpadded: the
// shape tuple starts at header byte 50, file offset 60.
func npyHdr(descr, shape string) string {
	return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n"
}

// The fixtures in testdata/npy were written by numpy (gen.py); the values
// below are the arrays gen.py builds, written out by hand.
func TestReadNPYNumpyFixtures(t *testing.T) {
	for _, tc := range []struct {
		file, descr string
		shape       []int
		data        []float64
	}{
		{"f8_2x3.npy", "<f8", []int{2, 3}, []float64{0, 0.25, 0.5, 0.75, 1, 1.25}},
		{"f4be_4.npy", ">f4", []int{4}, []float64{1.5, -2, 0, 3.25}},
		{"u1_2x2x2.npy", "|u1", []int{2, 2, 2}, []float64{0, 30, 60, 90, 120, 150, 180, 210}},
		{"i2_3.npy", "<i2", []int{3}, []float64{-300, 0, 7}},
		{"scalar.npy", "<f8", []int{}, []float64{2.5}},
		{"empty_0x3.npy", "<f8", []int{0, 3}, []float64{}},
		{"v2.npy", "<f8", []int{3}, []float64{0, 1, 2}},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "npy", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range [][]byte{b, gzipped(b)} {
			a, err := ReadNPY(bytes.NewReader(in), tc.file)
			if err != nil {
				t.Errorf("%s: %v", tc.file, err)
				continue
			}
			if a.Descr != tc.descr || !slices.Equal(a.Shape, tc.shape) || !slices.Equal(a.Data, tc.data) {
				t.Errorf("%s: %s %v %v, want %s %v %v", tc.file, a.Descr, a.Shape, a.Data, tc.descr, tc.shape, tc.data)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join("testdata", "npy", "fortran.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadNPY(bytes.NewReader(b), "fortran.npy"); err == nil || !strings.Contains(err.Error(), "fortran_order True") {
		t.Errorf("fortran.npy: %v", err)
	}
}

func TestReadNPYErrors(t *testing.T) {
	eight := make([]byte, 8)
	old := MaxNPYBytes
	MaxNPYBytes = 1 << 20
	defer func() { MaxNPYBytes = old }()
	long := npyFile(strings.Repeat(" ", MaxNPYHeader+1), nil)
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "want 8 bytes, file holds 0"},
		{"magic", []byte("\x93NUMPX\x01\x00\x00\x00"), `bad npy magic "\x93NUMPX" at offset 0`},
		{"version", []byte("\x93NUMPY\x04\x00\x00\x00"), "version 4.0 at offset 6"},
		{"minor", []byte("\x93NUMPY\x01\x01\x00\x00"), "version 1.1 at offset 6"},
		{"header length cut", []byte("\x93NUMPY\x02\x00\x01\x00"), "header length at offset 8: want 4 bytes, file holds 2"},
		{"header too long", long, "header length 10001 at offset 8 exceeds 10000"},
		{"header cut", npyFile(npyHdr("<f8", "(1,)"), nil)[:30], "header at offset 10: length 58, file holds 20 bytes"},
		{"empty descr", npyFile(npyHdr("", "(1,)"), eight), `npy header at offset 10: unsupported dtype ""`},
		{"object dtype", npyFile(npyHdr("|O", "(1,)"), eight), `unsupported dtype "|O"`},
		{"wide float", npyFile(npyHdr("|f8", "(1,)"), eight), `unsupported dtype "|f8"`},
		{"negative", npyFile(npyHdr("<f8", "(-5,)"), eight), "npy header at offset 61: shape: negative dimension"},
		{"not a tuple", npyFile(npyHdr("<f8", "(5)"), eight), "(5) is an integer, not a tuple"},
		{"huge dim", npyFile(npyHdr("<f8", "(99999999999999999999,)"), eight), "dimension 99999999999999999999 is too large"},
		{"over limit", npyFile(npyHdr("<f8", "(131073,)"), eight), "asks for more than datasets.MaxNPYBytes = 1048576"},
		{"overflow", npyFile(npyHdr("<f8", "(4611686018427387904, 4611686018427387904, 4)"), eight), "MaxNPYBytes"},
		{"short data", npyFile(npyHdr("<f8", "(2,)"), eight), "needs 16 data bytes from offset 68, file holds only 8 (it ends at byte offset 76)"},
		{"trailing", npyFile(npyHdr("<f8", "(1,)"), append(eight, 1)), "trailing data at byte offset 76"},
		{"missing key", npyFile("{'descr': '<f8', 'shape': (1,)}\n", eight), `key "fortran_order" missing`},
		{"twice", npyFile("{'descr': '<f8', 'descr': '<f8'}", eight), `npy header at offset 27: key "descr" appears twice`},
		{"extra key", npyFile("{'descr': '<f8', 'x': 1}", eight), `unexpected key "x"`},
		{"bool", npyFile("{'fortran_order': Maybe}", eight), "fortran_order: want True or False"},
		{"after dict", npyFile(npyHdr("<f8", "(1,)")+"x", eight), `unexpected 'x' after the header dict`},
		{"no brace", npyFile("descr", eight), "want { at the start"},
		{"open string", npyFile("{'descr", eight), "string not closed"},
		{"structured", npyFile("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", eight), "structured dtypes"},
	} {
		_, err := ReadNPY(bytes.NewReader(tc.in), "t.npy")
		if err == nil || !strings.HasPrefix(err.Error(), "datasets: t.npy: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := ReadNPY(nil, "t.npy"); err == nil {
		t.Error("nil reader accepted")
	}
}

// FuzzNPY checks that ReadNPY never panics, allocates no more than its limit
// and accepts only arrays whose data fills their shape.
func FuzzNPY(f *testing.F) {
	for _, name := range []string{"f8_2x3.npy", "f4be_4.npy", "u1_2x2x2.npy", "scalar.npy", "empty_0x3.npy", "v2.npy", "fortran.npy"} {
		b, err := os.ReadFile(filepath.Join("testdata", "npy", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(npyFile(npyHdr("<f8", "(4611686018427387904,)"), make([]byte, 64)))
	f.Add(gzipped(npyFile(npyHdr("|u1", "(65536,)"), make([]byte, 1<<16))))
	f.Add(gzipped(npyFile(npyHdr("|u1", "(1024,)"), make([]byte, 1<<16))))
	f.Add(npyFile("{'descr': '<i4', 'fortran_order': False, 'shape': (1L, 2L), }", make([]byte, 8)))
	old := MaxNPYBytes
	MaxNPYBytes = 1 << 20
	f.Cleanup(func() { MaxNPYBytes = old })
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadNPY(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "datasets: fuzz: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		n := 1
		for _, d := range a.Shape {
			if d < 0 {
				t.Fatalf("negative dimension in %v", a.Shape)
			}
			n *= d
		}
		if n != len(a.Data) || len(a.Data) > 1<<20 {
			t.Fatalf("shape %v holds %d elements, data %d", a.Shape, n, len(a.Data))
		}
	})
}
