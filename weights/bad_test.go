package weights

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pkg/errors"
)

// st returns a safetensors file of the given header and data.
func st(header string, data []byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(out, header...), data...)
}

func readST(b []byte) error {
	_, _, err := ReadSafetensors(bytes.NewReader(b), int64(len(b)))
	return err
}

// TestSafetensorsBadFiles checks that each lie a header can tell is an
// ErrFormat naming the tensor and the byte offset.
func TestSafetensorsBadFiles(t *testing.T) {
	d8 := make([]byte, 8)
	huge := binary.LittleEndian.AppendUint64(nil, 1<<40)
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"short", []byte{1, 2, 3}, "byte 0: 3 bytes, shorter than the 8-byte header length"},
		{"header past the end", append(binary.LittleEndian.AppendUint64(nil, 100), "{}"...), "byte 0: header length 100 exceeds the 2 bytes after it"},
		{"header over the limit", append(huge, "{}"...), "header length 1099511627776 exceeds the limit of 100000000 bytes"},
		{"not an object", st(`[1, 2]`, nil), "byte 8: the header does not start with '{'"},
		{"empty header", st(``, nil), "byte 8: the header is empty"},
		{"not utf-8", st("{\"\xff\":1}", nil), "not valid UTF-8"},
		{"bad json", st(`{"a":{"dtype":"F32",}}`, nil), "the entry: invalid character '}'"},
		{"unterminated", st(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`, nil), "byte 61: the JSON header: EOF"},
		{"trailing text", st(`{} x`, nil), "byte 10: text after the JSON header"},
		{"duplicate", st(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, d8), `"a": byte 65: a second entry with this name`},
		{"unknown field", st(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}`, d8), `"a": byte 12: the entry: json: unknown field "x"`},
		{"missing field", st(`{"a":{"dtype":"F32","shape":[2]}}`, d8), `"a": byte 12: an entry needs dtype, shape and data_offsets`},
		{"null shape", st(`{"a":{"dtype":"F32","shape":null,"data_offsets":[0,4]}}`, d8[:4]), "an entry needs dtype, shape and data_offsets"},
		{"unknown dtype", st(`{"a":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}}`, d8), `unknown dtype "F128"`},
		{"negative dim", st(`{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}`, d8), "shape (-2,) of F32 needs more bytes, data_offsets [0, 8] hold 8"},
		{"overflowing shape", st(`{"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}}`, d8), "needs more bytes"},
		{"shape and offsets disagree", st(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}`, d8), `"a": byte 12: shape (2,) of F64 needs 16 bytes, data_offsets [0, 8] hold 8`},
		{"offsets reversed", st(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}`, d8), "data_offsets [8 0]: want [begin, end]"},
		{"three offsets", st(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}`, d8), "data_offsets [0 8 8]"},
		{"float offset", st(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8.5]}}`, d8), "cannot unmarshal number 8.5"},
		{"past the end", st(`{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}`, d8), `"a": byte 12: data_offsets [0, 16] end past the 8-byte data section`},
		{"gap", st(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, d8), `"a": byte 12: a gap of 4 bytes in the data section before this tensor's data_offsets [4, 8]`},
		{"overlap", st(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, d8), `"b": byte 65: data_offsets [4, 8] overlap "a"'s, which end at 8`},
		{"not covered", st(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, d8), "byte 66: the tensors' data ends at 4, the data section holds 8 bytes"},
		{"field twice", st(`{"a":{"dtype":"F64","dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, d8), `"a": byte 12: the entry: the key "dtype" twice`},
		{"metadata key twice", st(`{"__metadata__":{"k":"a","k":"b"}}`, nil), `__metadata__ must map strings to strings: the key "k" twice`},
		{"metadata not strings", st(`{"__metadata__":{"a":1}}`, nil), `"__metadata__": byte 23: __metadata__ must map strings to strings`},
	} {
		err := readST(c.file)
		var fe *FormatError
		if !errors.As(err, &fe) || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
}

// TestSafetensorsTruncated reads every prefix and every one-byte-longer
// version of a real file: each is an error, never a panic.
func TestSafetensorsTruncated(t *testing.T) {
	for _, file := range []string{"torch_sequential.safetensors", "mixed.safetensors"} {
		b, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		for n := range len(b) {
			if err := readST(b[:n]); !errors.Is(err, ErrFormat) {
				t.Fatalf("%s cut to %d bytes: %v", file, n, err)
			}
		}
		if err := readST(append(b, 0)); err == nil || !strings.Contains(err.Error(), "the data section holds") {
			t.Errorf("%s with a byte more: %v", file, err)
		}
	}
}

// rawZip returns a zip of one member written raw, with the sizes, CRC and
// method given, whatever its content.
func rawZip(t *testing.T, h zip.FileHeader, content []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func deflate(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(b)
	fw.Close()
	return buf.Bytes()
}

func readNPZ(b []byte) error {
	_, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
	return err
}

// npy7 returns an .npy of a float64 vector of 7 elements: a 128-byte
// header and 56 bytes of data.
func npy7(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := WriteNPY(&buf, randomTensors()[2].Value); err != nil || buf.Len() != 184 {
		t.Fatal(err, buf.Len())
	}
	return buf.Bytes()
}

// TestNPZZipLies checks the members whose sizes lie, zip bombs included:
// each is refused before more than the claimed size is read.
func TestNPZZipLies(t *testing.T) {
	npy := npy7(t)
	packed := deflate(t, npy)
	crc := crc32.ChecksumIEEE(npy)
	hdr := func(m uint16, c, u uint64, sum uint32) zip.FileHeader {
		return zip.FileHeader{Name: "w.npy", Method: m, CRC32: sum, CompressedSize64: c, UncompressedSize64: u}
	}
	n, p := uint64(len(npy)), uint64(len(packed))
	for _, c := range []struct {
		name string
		file []byte
		kind error
		want string
	}{
		{"bomb", rawZip(t, hdr(zip.Deflate, p, 1<<40, crc), packed), ErrFormat, `"w.npy": byte 35: claims 1099511627776 bytes uncompressed from ` + strconv.FormatUint(p, 10) + " compressed, more than deflate can expand to"},
		{"stored sizes differ", rawZip(t, hdr(zip.Store, n, n+1, crc), npy), ErrFormat, "a stored member claims 185 bytes uncompressed and 184 compressed"},
		{"claims less", rawZip(t, hdr(zip.Deflate, p, n-8, crc), packed), ErrFormat, `"w.npy": byte 128: the header's shape (7,) of <f8 needs 56 data bytes, the array has 48`},
		{"claims more", rawZip(t, hdr(zip.Deflate, p, n+8, crc), packed), ErrFormat, `needs 56 data bytes, the array has 64`},
		{"bad crc", rawZip(t, hdr(zip.Store, n, n, crc+1), npy), ErrFormat, `"w.npy": byte 184: after the array's 184 bytes: zip: checksum error`},
		{"bzip2", rawZip(t, hdr(12, n, n, crc), npy), ErrUnsupported, "compression method 12; stored (0) and deflated (8) members are read"},
		{"not npy", rawZip(t, zip.FileHeader{Name: "w.txt", CRC32: crc, CompressedSize64: n, UncompressedSize64: n}, npy), ErrUnsupported, `"w.txt": byte 35: a member that is not a <name>.npy array`},
		{"not a zip", npy, ErrFormat, "not a readable zip archive"},
	} {
		err := readNPZ(c.file)
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	// Over MaxBytes, per member and in all.
	defer func(m int64) { MaxBytes = m }(MaxBytes)
	MaxBytes = int64(n) - 1
	if err := readNPZ(rawZip(t, hdr(zip.Store, n, n, crc), npy)); err == nil || !strings.Contains(err.Error(), "184 bytes uncompressed bring the archive past the limit of 183 bytes") {
		t.Errorf("over MaxBytes: %v", err)
	}
	MaxBytes = int64(n) + 10
	var buf bytes.Buffer
	ts := randomTensors()[2:3]
	WriteNPZ(&buf, append(ts, Named{"x", ts[0].Value}))
	if err := readNPZ(buf.Bytes()); err == nil || !strings.Contains(err.Error(), `"x.npy"`) || !strings.Contains(err.Error(), "past the limit of 194 bytes") {
		t.Errorf("over MaxBytes in all: %v", err)
	}
}

// TestNPZDuplicate checks that two members of one name are refused.
func TestNPZDuplicate(t *testing.T) {
	npy := npy7(t)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for range 2 {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "w.npy", Method: zip.Store})
		w.Write(npy)
	}
	zw.Close()
	if err := readNPZ(buf.Bytes()); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), `"w.npy": byte 270: a second member named "w.npy"`) {
		t.Errorf("%v", err)
	}
}

// TestNPZTruncatedAndFlipped reads every prefix of real archives (each an
// error) and every one-byte change of a stored one (an error or the same
// arrays, never a panic; a changed data byte is a checksum error).
func TestNPZTruncatedAndFlipped(t *testing.T) {
	for _, file := range []string{"torch_sequential.npz", "torch_sequential_compressed.npz"} {
		b, _ := os.ReadFile(filepath.Join("testdata", file))
		for n := range len(b) {
			if err := readNPZ(b[:n]); !errors.Is(err, ErrFormat) {
				t.Fatalf("%s cut to %d bytes: %v", file, n, err)
			}
		}
	}
	b, _ := os.ReadFile(filepath.Join("testdata", "torch_sequential.npz"))
	orig, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	first, _ := zr.File[0].DataOffset()
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x20
		got, err := ReadNPZ(bytes.NewReader(c), int64(len(c)))
		if i >= int(first)+128 && i < int(first)+int(zr.File[0].UncompressedSize64) && !strings.Contains(errString(err), "checksum") {
			t.Errorf("byte %d of the first member's data changed: %v", i, err)
		}
		if err == nil && sameValues(orig, got) != "" { // names are not checksummed
			t.Errorf("byte %d changed: read other arrays without an error", i)
		}
	}
}

// sameValues is sameTensors ignoring the names.
func sameValues(a, b []Named) string {
	if len(a) != len(b) {
		return "lengths differ"
	}
	for i := range a {
		if d := sameTensors([]Named{{"x", a[i].Value}}, []Named{{"x", b[i].Value}}, true); d != "" {
			return d
		}
	}
	return ""
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// npy returns an .npy file of the given version, header and data bytes.
func npy(major byte, header string, data int) []byte {
	out := append([]byte(npyMagic), major, 0)
	if major == 1 {
		out = binary.LittleEndian.AppendUint16(out, uint16(len(header)))
	} else {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(header)))
	}
	return append(append(out, header...), make([]byte, data)...)
}

// TestNPYBadHeaders checks the .npy header parser on what it must refuse.
func TestNPYBadHeaders(t *testing.T) {
	ok := "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n"
	for _, c := range []struct {
		name string
		file []byte
		kind error
		want string
	}{
		{"short", []byte(npyMagic), ErrFormat, "6 bytes, shorter than the 10 bytes"},
		{"magic", []byte("PK\x03\x04 not numpy"), ErrFormat, `byte 0: not an .npy array: it starts with "PK\x03\x04 n"`},
		{"version", npy(4, ok, 24), ErrUnsupported, "byte 6: NPY format version 4.0"},
		{"header past the end", npy(1, ok, 24)[:40], ErrFormat, "byte 8: header length 60 exceeds the 30 bytes after it"},
		{"header over the limit", append(npy(2, "", 0)[:8], 0, 0, 0, 1), ErrFormat, "header length 16777216 exceeds the limit of 65536 bytes"},
		{"no dict", npy(1, "descr", 0), ErrFormat, `byte 10: header "descr": '{' expected, found 'd'`},
		{"unknown key", npy(1, "{'descr': '<f4', 'x': 1}", 0), ErrFormat, `unknown key "x"`},
		{"missing key", npy(1, "{'descr': '<f4', 'shape': (2,)}", 8), ErrFormat, `no "fortran_order" key`},
		{"key twice", npy(1, "{'descr': '<f4', 'descr': '<f4'}", 0), ErrFormat, `key "descr" twice`},
		{"int dtype", npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,)}", 8), ErrUnsupported, `dtype "<i4"; <f4, <f8, <i8`},
		{"native dtype", npy(1, "{'descr': '=f8', 'fortran_order': False, 'shape': (2,)}", 16), ErrUnsupported, `dtype "=f8"`},
		{"struct dtype", npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", 8), ErrFormat, "a quoted string expected"},
		{"negative dim", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", 8), ErrFormat, "a non-negative integer expected"},
		{"huge dims", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4)}", 8), ErrFormat, "needs more data bytes, the array has 8"},
		{"dim overflows", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", 8), ErrFormat, "a dimension too large"},
		{"data short", npy(1, ok, 20), ErrFormat, "byte 70: the header's shape (2, 3) of <f4 needs 24 data bytes, the array has 20"},
		{"text after", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", 8), ErrFormat, "text after the dict"},
		{"bool", npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", 8), ErrFormat, "True or False expected"},
		{"unterminated", npy(1, "{'descr: '<f4'", 0), ErrFormat, `header "{'descr: '<f4'"`},
	} {
		_, err := ReadNPY(bytes.NewReader(c.file), int64(len(c.file)))
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	// What NumPy may write: version 2.0, no trailing comma, double quotes,
	// Python 2 longs, no newline.
	for _, h := range []string{
		`{"descr": "<f4", "fortran_order": False, "shape": (2, 3)}`,
		"{'descr':'<f4','fortran_order':False,'shape':(2L,3L,),}",
		"{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4', }" + strings.Repeat(" ", 40) + "\n",
	} {
		for _, major := range []byte{1, 2, 3} {
			b := npy(major, h, 24)
			if v, err := ReadNPY(bytes.NewReader(b), int64(len(b))); err != nil || v.Size() != 6 {
				t.Errorf("v%d %q: %v", major, h, err)
			}
		}
	}
}
