package weights

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// fixture is one array as gen.py describes it in a JSON file.
type fixture struct {
	Dtype  string
	Shape  []int
	Values []float64
}

// readFixtures reads the expected arrays gen.py wrote to testdata/<name>.
func readFixtures(t *testing.T, name string) map[string]fixture {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]fixture
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkFixture compares v with the expected array exactly: gen.py wrote
// each float32 as the float64 it converts to, so the values round-trip.
func checkFixture(t *testing.T, file, name string, v *tensor.Dense, want fixture) {
	t.Helper()
	if v.Dtype().String() != want.Dtype || !sameShape(v.Shape(), tensor.Shape(want.Shape)) {
		t.Errorf("%s: %s is %v %v, want %s %v", file, name, v.Dtype(), v.Shape(), want.Dtype, want.Shape)
		return
	}
	got := values(v)
	if len(got) != len(want.Values) {
		t.Fatalf("%s: %s has %d values, want %d", file, name, len(got), len(want.Values))
	}
	for i := range got {
		if got[i] != want.Values[i] {
			t.Errorf("%s: %s[%d] = %v, want %v", file, name, i, got[i], want.Values[i])
			return
		}
	}
}

// values returns v's elements as float64s.
func values(v *tensor.Dense) []float64 {
	if v.Dtype() == tensor.Float32 {
		out := make([]float64, 0, v.Size())
		for _, x := range v.Float32s() {
			out = append(out, float64(x))
		}
		return out
	}
	return append([]float64(nil), v.Float64s()...)
}

func names(ts []Named) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.Name
	}
	return strings.Join(s, " ")
}

// TestReadNPZPyTorch reads the state_dict of PyTorch's
// Sequential(Linear(4, 3), ReLU, Linear(3, 2)) as numpy.savez (stored) and
// numpy.savez_compressed (deflated) wrote it, and compares every array
// with the values gen.py printed.
func TestReadNPZPyTorch(t *testing.T) {
	want := readFixtures(t, "torch_sequential.json")
	for _, file := range []string{"torch_sequential.npz", "torch_sequential_compressed.npz"} {
		ts, err := ReadNPZFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		if got := names(ts); got != "0.weight 0.bias 2.weight 2.bias" {
			t.Errorf("%s: tensors %s", file, got)
		}
		for _, n := range ts {
			checkFixture(t, file, n.Name, n.Value, want[n.Name])
		}
	}
}

// TestReadNPZLayouts reads NumPy's float64, Fortran-order, big-endian,
// 0-d and empty arrays, each converted to a C-order little-endian tensor.
func TestReadNPZLayouts(t *testing.T) {
	want := readFixtures(t, "numpy_layouts.json")
	ts, err := ReadNPZFile(filepath.Join("testdata", "numpy_layouts.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != len(want) {
		t.Fatalf("%d arrays (%s), want %d", len(ts), names(ts), len(want))
	}
	for _, n := range ts {
		checkFixture(t, "numpy_layouts.npz", n.Name, n.Value, want[n.Name])
	}
}

// TestReadSafetensorsPyTorch reads the state_dict written by gen.py's
// writer (the reference implementation's layout) and a file of mixed F64
// and F32 tensors, with their metadata.
func TestReadSafetensorsPyTorch(t *testing.T) {
	for _, c := range []struct {
		file, json, order string
		meta              map[string]string
	}{
		{"torch_sequential.safetensors", "torch_sequential.json", "0.bias 0.weight 2.bias 2.weight", map[string]string{"format": "pt"}},
		{"mixed.safetensors", "mixed.json", "a.f64 s b.f32 c.f32", map[string]string{"format": "pt", "note": "written by gen.py"}},
	} {
		want := readFixtures(t, c.json)
		ts, meta, err := ReadSafetensorsFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		if got := names(ts); got != c.order {
			t.Errorf("%s: tensors %s, want %s", c.file, got, c.order)
		}
		if len(meta) != len(c.meta) {
			t.Errorf("%s: metadata %v, want %v", c.file, meta, c.meta)
		}
		for k, v := range c.meta {
			if meta[k] != v {
				t.Errorf("%s: metadata %v, want %v", c.file, meta, c.meta)
			}
		}
		for _, n := range ts {
			checkFixture(t, c.file, n.Name, n.Value, want[n.Name])
		}
	}
}

// TestWriteSafetensorsAsReference writes the tensors gen.py wrote and
// checks the bytes equal its file: the same order, offsets, header and
// padding as the reference implementation.
func TestWriteSafetensorsAsReference(t *testing.T) {
	for _, c := range []struct {
		file string
		meta map[string]string
	}{
		{"torch_sequential.safetensors", map[string]string{"format": "pt"}},
		{"mixed.safetensors", map[string]string{"format": "pt", "note": "written by gen.py"}},
		{"torch_ff.safetensors", map[string]string{"format": "pt"}},
	} {
		path := filepath.Join("testdata", c.file)
		ts, _, err := ReadSafetensorsFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// Reverse the order, which the writer must not depend on.
		for i, j := 0, len(ts)-1; i < j; i, j = i+1, j-1 {
			ts[i], ts[j] = ts[j], ts[i]
		}
		var buf bytes.Buffer
		if err := WriteSafetensors(&buf, ts, c.meta); err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(path)
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: wrote\n%q\nwant\n%q", c.file, buf.Bytes(), want)
		}
	}
}

// TestSafetensorsOtherDtypes checks that tensors of dtypes this package
// does not read are refused naming the file, the tensor and the dtype, at
// the byte after the tensor's name: 8 + len(`{"__metadata__":null,"w"`) = 32;
// and that int64 (a batch norm's num_batches_tracked, as PyTorch writes it)
// is read, though never written.
func TestSafetensorsOtherDtypes(t *testing.T) {
	ts, _, err := ReadSafetensorsFile(filepath.Join("testdata", "int64.safetensors"))
	if err != nil {
		t.Fatalf("int64.safetensors: %v", err)
	}
	if nbt := Find(ts, "bn.num_batches_tracked"); nbt == nil || nbt.Dtype() != tensor.Int64 || nbt.Size() != 1 {
		t.Errorf("int64.safetensors: num_batches_tracked read as %v", nbt)
	}
	if err := WriteSafetensors(io.Discard, ts, nil); err == nil {
		t.Error("an int64 tensor was written")
	}
	for file, want := range map[string]string{
		"f16.safetensors": `f16.safetensors: "w": byte 32: dtype F16`,
	} {
		_, _, err := ReadSafetensorsFile(filepath.Join("testdata", file))
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %s", file, err, want)
		}
	}
}

// TestFortranReorder checks the column-major to row-major reordering on a
// 2×3×2 array by hand: element (i, j, k) is at i + 2j + 6k in Fortran
// order.
func TestFortranReorder(t *testing.T) {
	shape := []int{2, 3, 2}
	f := make([]int, 12)
	for i := range 2 {
		for j := range 3 {
			for k := range 2 {
				f[i+2*j+6*k] = 100*i + 10*j + k
			}
		}
	}
	got := reorder(f, shape)
	c := 0
	for i := range 2 {
		for j := range 3 {
			for k := range 2 {
				if got[c] != 100*i+10*j+k {
					t.Fatalf("C element %d is %d, want %d", c, got[c], 100*i+10*j+k)
				}
				c++
			}
		}
	}
}
