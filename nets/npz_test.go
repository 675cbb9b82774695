package nets

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// npzSpecs covers both dtypes, 1-d and 2-d params and every kind.
var npzSpecs = append([]Spec{{Kind: KindDFF, Inputs: 7, Hidden: []int{5, 3}, Outputs: 2, Dtype: Float32}}, roundTripSpecs...)

// readNPZ opens an .npz and reads every entry with gorgonia.org/tensor's
// ReadNpy, an independent NPY reader, checking the 64-byte alignment and
// the newline that ends each header.
func readNPZ(t *testing.T, data []byte) (names []string, vals []*tensor.Dense) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		hl := int(binary.LittleEndian.Uint16(raw[8:10]))
		if (10+hl)%64 != 0 || raw[10+hl-1] != '\n' {
			t.Errorf("%s: header of %d bytes: %q", f.Name, hl, raw[10:10+hl])
		}
		v := new(tensor.Dense)
		if err := v.ReadNpy(bytes.NewReader(raw)); err != nil {
			t.Fatalf("%s: ReadNpy: %v", f.Name, err)
		}
		names, vals = append(names, f.Name), append(vals, v)
	}
	return names, vals
}

func TestNPZReadBack(t *testing.T) {
	dir := t.TempDir()
	for i, spec := range npzSpecs {
		net, err := New(spec, uint64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("m%d.npz", i))
		if err := SaveNPZ(net, path); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		names, vals := readNPZ(t, data)
		ps := net.Params()
		if len(names) != len(ps) {
			t.Fatalf("%s: %d entries, want %d", spec.Kind, len(names), len(ps))
		}
		for j, p := range ps {
			if names[j] != p.Name+".npy" {
				t.Errorf("entry %d is %s, want %s.npy", j, names[j], p.Name)
			}
			v := vals[j]
			if v.Dtype() != p.Value.Dtype() || !graph.SameShape(v.Shape(), p.Value.Shape()) {
				t.Fatalf("%s: read %v %v, want %v %v", p.Name, v.Dtype(), v.Shape(), p.Value.Dtype(), p.Value.Shape())
			}
			if !sameBits(v, p.Value) {
				t.Errorf("%s/%s: values differ", spec.Kind, p.Name)
			}
		}
	}
}

func sameBits(a, b *tensor.Dense) bool {
	if a.Dtype() == tensor.Float32 {
		x, y := a.Float32s(), b.Float32s()
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
				return false
			}
		}
		return len(x) == len(y)
	}
	x, y := a.Float64s(), b.Float64s()
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return false
		}
	}
	return len(x) == len(y)
}

func TestNPZRefusesBrokenWeights(t *testing.T) {
	net, _ := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1, Dtype: Float32}, 1)
	net.Params()[1].Value.Float32s()[2] = float32(math.Inf(1))
	path := filepath.Join(t.TempDir(), "broken.npz")
	if err := SaveNPZ(net, path); err == nil || !strings.Contains(err.Error(), "b1[2] is +Inf") {
		t.Fatalf("SaveNPZ: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was written: %v", err)
	}
	if _, err := EncodeNPZ(nil); err == nil {
		t.Error("EncodeNPZ(nil): no error")
	}
}

// TestNPZNumPy loads each archive with numpy.load and compares every
// array's name, dtype, shape and SHA-256 of its C-order bytes exactly, and
// its sum to 1e-12 (NumPy sums pairwise), with Go's. It is skipped when
// no python3 (on PATH, or /usr/bin/python3) can import numpy.
func TestNPZNumPy(t *testing.T) {
	py := pythonWithNumPy()
	if py == "" {
		t.Skip("no python3 with numpy")
	}
	const script = `import sys, hashlib, numpy
z = numpy.load(sys.argv[1])
for k in z.files:
    a = z[k]
    print(k, a.dtype, a.shape, hashlib.sha256(a.tobytes()).hexdigest(), repr(float(a.astype(numpy.float64).sum())))`
	dir := t.TempDir()
	for i, spec := range npzSpecs {
		net, _ := New(spec, uint64(i+1))
		path := filepath.Join(dir, fmt.Sprintf("m%d.npz", i))
		if err := SaveNPZ(net, path); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(py, "-c", script, path).CombinedOutput()
		if err != nil {
			t.Fatalf("numpy.load: %v\n%s", err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		ps := net.Params()
		if len(lines) != len(ps) {
			t.Fatalf("%s: numpy printed\n%s", spec.Kind, out)
		}
		for j, p := range ps {
			sum, raw := 0.0, new(bytes.Buffer)
			for _, v := range floats(p.Value) {
				sum += v
			}
			_ = binary.Write(raw, binary.LittleEndian, p.Value.Data())
			dims := strings.Trim(strings.ReplaceAll(fmt.Sprint([]int(p.Value.Shape())), " ", ", "), "[]")
			if len(p.Value.Shape()) == 1 {
				dims += ","
			}
			want := fmt.Sprintf("%s %s (%s) %x", p.Name, p.Value.Dtype(), dims, sha256.Sum256(raw.Bytes()))
			got := strings.TrimSuffix(lines[j], " "+lastField(lines[j]))
			np, err := strconv.ParseFloat(lastField(lines[j]), 64)
			if got != want || err != nil || math.Abs(np-sum) > 1e-12*max(1, math.Abs(sum)) {
				t.Errorf("%s: numpy says %q, Go says %q sum %v", spec.Kind, lines[j], want, sum)
			}
		}
	}
}

// pythonWithNumPy returns a python3 that can import numpy, or "".
func pythonWithNumPy() string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import numpy").Run() == nil {
			return py
		}
	}
	return ""
}

func lastField(s string) string { return s[strings.LastIndexByte(s, ' ')+1:] }

func floats(t *tensor.Dense) []float64 {
	if t.Dtype() == tensor.Float32 {
		out := make([]float64, 0, t.Size())
		for _, v := range t.Float32s() {
			out = append(out, float64(v))
		}
		return out
	}
	return t.Float64s()
}
