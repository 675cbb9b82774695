package weights

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gorgonia.org/tensor"
)

// addSeeds adds the fixtures of the given extension to f's corpus (the
// committed corpus under testdata/fuzz holds damaged variants).
func addSeeds(f *testing.F, ext string) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*"+ext))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// FuzzReadSafetensors checks that no input panics, that an error is a
// *FormatError, and that whatever is read writes back and reads again as
// the same tensors and metadata.
func FuzzReadSafetensors(f *testing.F) {
	addSeeds(f, ".safetensors")
	f.Fuzz(func(t *testing.T, b []byte) {
		ts, meta, err := ReadSafetensors(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		if hasInt(ts) {
			return // int64 is read, never written
		}
		var buf bytes.Buffer
		if err := WriteSafetensors(&buf, ts, meta); err != nil {
			t.Fatal(err)
		}
		again, meta2, err := ReadSafetensors(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if d := sameTensors(ts, again, false); d != "" || len(meta) != len(meta2) {
			t.Fatalf("written back: %s, metadata %v then %v", d, meta, meta2)
		}
	})
}

// FuzzReadNPZ checks that no input panics, that an error is a
// *FormatError, and that whatever is read writes back and reads again as
// the same arrays.
func FuzzReadNPZ(f *testing.F) {
	addSeeds(f, ".npz")
	f.Fuzz(func(t *testing.T, b []byte) {
		ts, err := ReadNPZ(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		if hasInt(ts) {
			return // int64 is read, never written
		}
		var buf bytes.Buffer
		if err := WriteNPZ(&buf, ts); err != nil {
			t.Fatal(err)
		}
		again, err := ReadNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if d := sameTensors(ts, again, true); d != "" {
			t.Fatalf("written back: %s", d)
		}
	})
}

// FuzzReadNPY checks the .npy header parser and reader on any input.
func FuzzReadNPY(f *testing.F) {
	f.Add(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }\n", 24))
	f.Add(npy(3, "{'descr': '>f8', 'fortran_order': False, 'shape': (), }\n", 8))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ReadNPY(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		if int64(v.Size()) > int64(len(b)) {
			t.Fatalf("%d elements from %d bytes", v.Size(), len(b))
		}
	})
}

// hasInt reports whether ts holds an int64 tensor, which the readers read
// (PyTorch's num_batches_tracked) and the writers refuse.
func hasInt(ts []Named) bool {
	for _, t := range ts {
		if t.Value != nil && t.Value.Dtype() == tensor.Int64 {
			return true
		}
	}
	return false
}
