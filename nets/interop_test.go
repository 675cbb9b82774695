package nets

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/weights"
)

// torchFF is the PyTorch model weights/testdata/gen.py exported under FF's
// param names: Sequential(Linear(4, 3), ReLU, Linear(3, 2)), W = weight.T.
var torchFF = Spec{Kind: KindFF, Inputs: 4, Hidden: []int{3}, Outputs: 2, Activation: ReLU, Loss: MSE, Dtype: Float32}

// TestLoadPyTorchWeights loads PyTorch's weights (np.savez_compressed and
// safetensors, as gen.py wrote them) into an FF and checks that its
// outputs on gen.py's inputs equal PyTorch's to 1e-6.
func TestLoadPyTorchWeights(t *testing.T) {
	raw, err := os.ReadFile("../weights/testdata/torch_ff.json")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		X, Y  []float64
		Batch int
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"torch_ff.npz", "torch_ff.safetensors"} {
		net, _ := New(torchFF, 1)
		path := filepath.Join("..", "weights", "testdata", file)
		load := LoadNPZ
		if strings.HasSuffix(file, ".safetensors") {
			load = LoadSafetensors
		}
		if err := load(net, path); err != nil {
			t.Fatal(err)
		}
		c, err := Compile(net, want.Batch, false)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range want.X {
			c.XBuf.Float32s()[i] = float32(v)
		}
		if err := c.Prog.Exec(); err != nil {
			t.Fatal(err)
		}
		got := c.Prog.Value(c.Output).Float32s()
		for i, y := range want.Y {
			if math.Abs(float64(got[i])-y) > 1e-6 {
				t.Errorf("%s: output %d is %v, PyTorch's %v", file, i, got[i], y)
			}
		}
	}
}

// TestWeightsRoundTrip saves every kind of network as safetensors and
// .npz and loads the files into a network of other weights: the params
// come back bit for bit.
func TestWeightsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for i, spec := range npzSpecs {
		net, _ := New(spec, uint64(i+1))
		for _, f := range []struct {
			ext        string
			save, load func(Network, string) error
		}{
			{".safetensors", SaveSafetensors, LoadSafetensors},
			{".npz", SaveNPZ, LoadNPZ},
		} {
			path := filepath.Join(dir, string(spec.Kind)+f.ext)
			if err := f.save(net, path); err != nil {
				t.Fatal(err)
			}
			other, _ := New(spec, uint64(i+100))
			if err := f.load(other, path); err != nil {
				t.Fatal(err)
			}
			for j, p := range net.Params() {
				if !sameBits(p.Value, other.Params()[j].Value) {
					t.Errorf("%s%s: %s differs", spec.Kind, f.ext, p.Name)
				}
			}
		}
	}
	b, err := EncodeSafetensors(net1(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"__metadata__":{"format":"pt","spec":"{\"kind\":\"ff\"`) || !strings.Contains(string(b), `"writer":"chainrule"`) {
		t.Errorf("header %q", b[:200])
	}
}

func net1(t *testing.T) Network {
	net, err := New(Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1, Dtype: Float32}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestLoadWeightsMismatch loads files into networks they do not fit: each
// error names the first mismatch, and the network keeps its weights.
func TestLoadWeightsMismatch(t *testing.T) {
	dir := t.TempDir()
	st, npz := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.npz")
	src := net1(t) // FF 2-3-1 float32
	if err := SaveSafetensors(src, st); err != nil {
		t.Fatal(err)
	}
	if err := SaveNPZ(src, npz); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: KindFF, Inputs: 2, Hidden: []int{4}, Outputs: 1, Dtype: Float32}, "W1: the file has shape (2, 3), the model has (2, 4) (and 2 more mismatches)"},
		{Spec{Kind: KindFF, Inputs: 2, Hidden: []int{3}, Outputs: 1}, "W1: the file has dtype float32, the model has float64 (and 3 more mismatches)"},
		{Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3, 3}, Outputs: 1, Loss: SSE, Dtype: Float32}, "W2: the file has shape (3, 1), the model has (3, 3) (and 3 more mismatches)"},
		{Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1, Dtype: Float32}, "W: missing from the file (and 5 more mismatches)"},
	} {
		for _, f := range []struct {
			path string
			load func(Network, string) error
		}{{st, LoadSafetensors}, {npz, LoadNPZ}} {
			net, err := New(c.spec, 5)
			if err != nil {
				t.Fatal(err)
			}
			before, _ := New(c.spec, 5)
			err = f.load(net, f.path)
			if !errors.Is(err, weights.ErrMismatch) || !strings.Contains(err.Error(), f.path+": "+c.want) {
				t.Errorf("%s into %s: %v, want %s", f.path, c.spec.Kind, err, c.want)
			}
			for j, p := range net.Params() {
				if !sameBits(p.Value, before.Params()[j].Value) {
					t.Errorf("%s: %s changed", f.path, p.Name)
				}
			}
		}
	}
	// An extra tensor: the DFF's file into an FF.
	dff, err := New(Spec{Kind: KindDFF, Inputs: 2, Hidden: []int{3, 3}, Outputs: 1, Loss: SSE, Dtype: Float32}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveSafetensors(dff, st); err != nil {
		t.Fatal(err)
	}
	if err := LoadSafetensors(net1(t), st); err == nil || !strings.Contains(err.Error(), "W2: the file has shape (3, 3), the model has (3, 1)") {
		t.Errorf("a DFF's file into an FF: %v", err)
	}
	if err := LoadNPZ(nil, npz); err == nil {
		t.Error("LoadNPZ(nil): no error")
	}
	if err := LoadSafetensors(net1(t), filepath.Join(dir, "absent")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing file: %v", err)
	}
	if err := LoadNPZ(net1(t), st); !errors.Is(err, weights.ErrFormat) || !strings.Contains(err.Error(), st+": not a readable zip") {
		t.Errorf("a safetensors file as .npz: %v", err)
	}
}

// TestSaveSafetensorsRefusesBrokenWeights checks that NaN or infinite
// weights are not exported and no file is written.
func TestSaveSafetensorsRefusesBrokenWeights(t *testing.T) {
	net := net1(t)
	net.Params()[1].Value.Float32s()[2] = float32(math.NaN())
	path := filepath.Join(t.TempDir(), "broken.safetensors")
	if err := SaveSafetensors(net, path); err == nil || !strings.Contains(err.Error(), "b1[2] is NaN") {
		t.Fatalf("SaveSafetensors: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was written: %v", err)
	}
	if _, err := EncodeSafetensors(nil); err == nil {
		t.Error("EncodeSafetensors(nil): no error")
	}
}

// TestSafetensorsNumPy reads SaveSafetensors' files with NumPy and a
// reader written from the specification in Python (json and
// numpy.frombuffer; the safetensors package is not needed), comparing
// names, dtypes, shapes and every value's bits. It is skipped when no
// python3 can import numpy.
func TestSafetensorsNumPy(t *testing.T) {
	py := pythonWithNumPy()
	if py == "" {
		t.Skip("no python3 with numpy")
	}
	const script = `import sys, json, struct, numpy
b = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", b[:8])[0]
h = json.loads(b[8:8+n])
meta = h.pop("__metadata__")
assert meta["writer"] == "chainrule" and meta["format"] == "pt", meta
data = b[8+n:]
for k in sorted(h):
    e = h[k]
    a = numpy.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]], dtype={"F32": "<f4", "F64": "<f8"}[e["dtype"]]).reshape(e["shape"])
    print(k, a.dtype, a.shape, a.tobytes().hex())`
	dir := t.TempDir()
	for i, spec := range npzSpecs {
		net, _ := New(spec, uint64(i+1))
		path := filepath.Join(dir, "m.safetensors")
		if err := SaveSafetensors(net, path); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(py, "-c", script, path).CombinedOutput()
		if err != nil {
			t.Fatalf("python: %v\n%s", err, out)
		}
		byName := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			byName[strings.Fields(line)[0]] = line
		}
		for _, p := range net.Params() {
			line, ok := byName[p.Name]
			if !ok {
				t.Fatalf("%s: numpy did not find %s in\n%s", spec.Kind, p.Name, out)
			}
			if want := p.Name + " " + p.Value.Dtype().String() + " " + pyShape(p.Value.Shape()) + " " + leHex(p.Value); line != want {
				t.Errorf("%s: numpy read %.80s…", spec.Kind, line)
			}
		}
		if len(byName) != len(net.Params()) {
			t.Errorf("%s: numpy read %d tensors", spec.Kind, len(byName))
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

// pyShape prints a shape as Python prints a tuple.
func pyShape(s tensor.Shape) string {
	d := make([]string, len(s))
	for i, x := range s {
		d[i] = strconv.Itoa(x)
	}
	if len(d) == 1 {
		return "(" + d[0] + ",)"
	}
	return "(" + strings.Join(d, ", ") + ")"
}

// TestPyTorchLoadsSafetensors exports an FF and an Elman RNN with
// SaveSafetensors, loads each in PyTorch into the equivalent modules as
// docs/interop.md maps the names (FF: Sequential(Linear(4, 3), ReLU,
// Linear(3, 2)), weight = W.T; RNN: nn.RNN(2, 3, batch_first=True) and
// Linear(3, 1) on the last step, bias_ih = b, bias_hh = 0), reading the file
// with json and numpy since the safetensors package is not installed, and
// checks that PyTorch's outputs on 5 inputs equal chainrule's to 1e-6. The
// biases are set non-zero first so that their mapping counts. Skipped
// without a python3 that imports torch.
func TestPyTorchLoadsSafetensors(t *testing.T) {
	py := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import torch, numpy").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("no python3 with torch and numpy: skipping the PyTorch cross-check")
	}
	const loader = `import sys, json, struct, numpy, torch
def load_safetensors(path):
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    h = json.loads(b[8:8 + n]); h.pop("__metadata__", None)
    dt = {"F32": "<f4", "F64": "<f8"}
    return {k: torch.from_numpy(numpy.frombuffer(b[8 + n + e["data_offsets"][0]:8 + n + e["data_offsets"][1]], dtype=dt[e["dtype"]]).reshape(e["shape"]).copy()) for k, e in h.items()}
w = load_safetensors(sys.argv[1])
x = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float32).reshape(5, -1)
`
	for _, c := range []struct {
		spec  Spec
		model string
	}{
		{torchFF, `model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
model.load_state_dict({"0.weight": w["W1"].T, "0.bias": w["b1"], "2.weight": w["W2"].T, "2.bias": w["b2"]})`},
		{Spec{Kind: KindRNN, Inputs: 2, Hidden: []int{3}, Outputs: 1, SeqLen: 4, Loss: MSE, Dtype: Float32}, `rnn, lin = torch.nn.RNN(2, 3, batch_first=True), torch.nn.Linear(3, 1)
rnn.load_state_dict({"weight_ih_l0": w["Wx"].T, "weight_hh_l0": w["Wh"].T, "bias_ih_l0": w["b"], "bias_hh_l0": torch.zeros(3)})
lin.load_state_dict({"weight": w["Wy"].T, "bias": w["by"]})
model = lambda x: lin(rnn(x.reshape(5, 4, 2))[0][:, -1])`},
	} {
		net, _ := New(c.spec, 3)
		for _, p := range net.Params() {
			if strings.HasPrefix(p.Name, "b") {
				for i := range p.Value.Float32s() {
					p.Value.Float32s()[i] = 0.1*float32(i) - 0.15
				}
			}
		}
		path := filepath.Join(t.TempDir(), "m.safetensors")
		if err := SaveSafetensors(net, path); err != nil {
			t.Fatal(err)
		}
		cp, err := Compile(net, 5, false)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, 5*c.spec.InputWidth())
		for i := range x {
			x[i] = float64(i%7)/3 - 1
			cp.XBuf.Float32s()[i] = float32(x[i])
		}
		if err := cp.Prog.Exec(); err != nil {
			t.Fatal(err)
		}
		xs, _ := json.Marshal(x)
		script := loader + c.model + "\nwith torch.no_grad():\n    print(json.dumps(model(x).flatten().tolist()))"
		out, err := exec.Command(py, "-c", script, path, string(xs)).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: python: %v\n%s", c.spec.Kind, err, out)
		}
		var y []float64
		got := cp.Prog.Value(cp.Output).Float32s()
		if err := json.Unmarshal(out, &y); err != nil || len(y) != len(got) {
			t.Fatalf("%s: python printed %s (%v)", c.spec.Kind, out, err)
		}
		for i, v := range got {
			if math.Abs(float64(v)-y[i]) > 1e-6 {
				t.Errorf("%s: output %d: chainrule %v, PyTorch %v", c.spec.Kind, i, v, y[i])
			}
		}
	}
}
