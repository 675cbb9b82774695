package weights

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// pythonWith returns /usr/bin/python3 or the python3 on PATH if it can
// import every module, or "".
func pythonWith(modules string) string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import "+modules).Run() == nil {
			return py
		}
	}
	return ""
}

// TestNumPyReadsOurFiles writes randomTensors (both dtypes, ranks 0 to 4,
// an empty array, NaN, infinities, -0) with WriteNPZ and WriteSafetensors
// and reads them back in Python: the .npz with numpy.load, the safetensors
// file with json and numpy.frombuffer following the specification (the
// safetensors package is not installed). Names, dtypes, shapes and the
// bytes of every array must match. Skipped without a python3 that imports
// numpy.
func TestNumPyReadsOurFiles(t *testing.T) {
	py := pythonWith("numpy")
	if py == "" {
		t.Skip("no python3 with numpy: skipping the NumPy cross-check")
	}
	const script = `import sys, json, struct, numpy
path = sys.argv[1]
if path.endswith(".npz"):
    z = numpy.load(path)
    arrays = {k: z[k] for k in z.files}
else:
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    assert n % 8 == 0, n
    h = json.loads(b[8:8 + n])
    assert h.pop("__metadata__") == {"writer": "chainrule"}
    data, arrays, end = b[8 + n:], {}, 0
    for k, e in sorted(h.items(), key=lambda kv: kv[1]["data_offsets"]):
        s, t = e["data_offsets"]
        assert s == end and s % {"F32": 4, "F64": 8}[e["dtype"]] == 0, (k, e)
        end = t
        arrays[k] = numpy.frombuffer(data[s:t], dtype={"F32": "<f4", "F64": "<f8"}[e["dtype"]]).reshape(e["shape"])
    assert end == len(data)
for k in sorted(arrays):
    a = arrays[k]
    print(k, a.dtype, "x".join(map(str, a.shape)), a.tobytes().hex())`
	ts := randomTensors()
	dir := t.TempDir()
	var npz, st bytes.Buffer
	if err := WriteNPZ(&npz, ts); err != nil {
		t.Fatal(err)
	}
	if err := WriteSafetensors(&st, ts, map[string]string{"writer": "chainrule"}); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"m.npz": npz.Bytes(), "m.safetensors": st.Bytes()} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(py, "-c", script, path).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		got := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			got[strings.Fields(line)[0]] = line
		}
		for _, n := range ts {
			dims := make([]string, len(n.Value.Shape()))
			for i, d := range n.Value.Shape() {
				dims[i] = strconv.Itoa(d)
			}
			want := strings.TrimSpace(n.Name + " " + n.Value.Dtype().String() + " " + strings.Join(dims, "x") + " " + leHex(n.Value))
			if g := strings.Join(strings.Fields(got[n.Name]), " "); g != strings.Join(strings.Fields(want), " ") {
				t.Errorf("%s: python read %.100q, want %.100q", name, g, want)
			}
		}
		if len(got) != len(ts) {
			t.Errorf("%s: python read %d arrays, want %d", name, len(got), len(ts))
		}
	}
}

// leHex returns the hex of v's elements, little-endian in C order.
func leHex(v *tensor.Dense) string {
	var b []byte
	if v.Dtype() == tensor.Float32 {
		for _, x := range v.Float32s() {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
	} else {
		for _, x := range v.Float64s() {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	return hex.EncodeToString(b)
}
