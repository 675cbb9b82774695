package layers_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
	"github.com/chainrule/chainrule/weights"
)

func newModel(t *testing.T, root layers.Layer, dt tensor.Dtype, in ...int) *layers.Model {
	t.Helper()
	m, err := layers.NewModel(root, layers.Spec{Dtype: dt, Input: in, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// setSeq sets the tensor name of m to 1, 2, 3, ...
func setSeq(t *testing.T, m *layers.Model, name string) {
	t.Helper()
	e := m.Store().Lookup(name)
	if e == nil {
		t.Fatalf("no tensor %q", name)
	}
	v := e.Value.Float64s()
	for i := range v {
		v[i] = float64(i + 1)
	}
}

// layout lists ts as "name shape" lines.
func layout(ts []weights.Named) string {
	var b strings.Builder
	for _, n := range ts {
		fmt.Fprintf(&b, "%s %v\n", n.Name, []int(n.Value.Shape()))
	}
	return b.String()
}

func vec(ts []weights.Named, name string) []float64 {
	v := weights.Find(ts, name)
	if v == nil {
		return nil
	}
	return f64s(v)
}

// ToTorch names every tensor as the torch.nn module's state_dict does,
// with the shapes PyTorch gives them (written here from the torch docs:
// nn.Linear.weight [out, in], nn.LSTM.weight_ih_l0 [4H, in], ...), and
// transposes Linear's and the recurrent layers' matrices.
func TestToTorchLayout(t *testing.T) {
	cases := []struct {
		name string
		root layers.Layer
		in   []int
		want string
	}{
		{"mlp", layers.Seq(&layers.Linear{Out: 2}, layers.ReLU{}, &layers.Linear{Out: 1, NoBias: true}), []int{-1, 3},
			"0.weight [2 3]\n0.bias [2]\n2.weight [1 2]\n"},
		{"cnn", layers.Seq(layers.Name("conv", &layers.Conv2D{Out: 2, Kernel: [2]int{3, 3}}), layers.Name("bn", &layers.BatchNorm{}), layers.Flatten{}),
			[]int{-1, 1, 4, 4}, "conv.weight [2 1 3 3]\nconv.bias [2]\nbn.weight [2]\nbn.bias [2]\nbn.running_mean [2]\nbn.running_var [2]\n"},
		{"lstm", layers.Seq(&layers.LSTM{Hidden: 3}, layers.Name("head", &layers.Linear{Out: 1})), []int{-1, 4, 2},
			"0.weight_ih_l0 [12 2]\n0.weight_hh_l0 [12 3]\n0.bias_ih_l0 [12]\n0.bias_hh_l0 [12]\nhead.weight [1 3]\nhead.bias [1]\n"},
		{"gru, elman", layers.Seq(&layers.GRU{Hidden: 3, EveryStep: true}, &layers.Elman{Hidden: 2}), []int{-1, 4, 2},
			"0.weight_ih_l0 [9 2]\n0.weight_hh_l0 [9 3]\n0.bias_ih_l0 [9]\n0.bias_hh_l0 [9]\n" +
				"1.weight_ih_l0 [2 3]\n1.weight_hh_l0 [2 2]\n1.bias_ih_l0 [2]\n1.bias_hh_l0 [2]\n"},
		{"root layer norm", &layers.LayerNorm{}, []int{-1, 5}, "weight [5]\nbias [5]\n"},
	}
	for _, c := range cases {
		m := newModel(t, c.root, tensor.Float64, c.in...)
		ts, err := layers.ToTorch(m)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := layout(ts); got != c.want {
			t.Errorf("%s: ToTorch gives\n%swant\n%s", c.name, got, c.want)
		}
	}
}

// The values cross as the mapping says, checked on hand-set tensors: W
// [3, 2] = 1…6 becomes weight [2, 3] = (1 3 5; 2 4 6); an LSTM's b goes to
// bias_ih_l0 with bias_hh_l0 zeros; and back, b = bias_ih + bias_hh while a
// GRU keeps both.
func TestTorchValues(t *testing.T) {
	m := newModel(t, layers.Seq(&layers.Linear{Out: 2}, &layers.LSTM{Hidden: 1}), tensor.Float64, -1, 3, 3)
	setSeq(t, m, "0.W")
	setSeq(t, m, "1.b")
	ts, err := layers.ToTorch(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(vec(ts, "0.weight")); got != "[1 3 5 2 4 6]" {
		t.Errorf("0.weight = %s", got)
	}
	if got := fmt.Sprint(vec(ts, "1.bias_ih_l0"), vec(ts, "1.bias_hh_l0")); got != "[1 2 3 4] [0 0 0 0]" {
		t.Errorf("LSTM biases %s", got)
	}
	// Back: weight_ih_l0 [4, 2] = 1…8 is Wx [2, 4] = (1 3 5 7; 2 4 6 8).
	in := newModel(t, layers.Seq(&layers.Linear{Out: 2}, &layers.LSTM{Hidden: 1}), tensor.Float64, -1, 3, 3)
	for _, n := range ts {
		v := n.Value.Float64s()
		for i := range v {
			v[i] = float64(i + 1)
		}
	}
	if err := layers.FromTorch(in, ts); err != nil {
		t.Fatal(err)
	}
	st := in.Store()
	if got := fmt.Sprint(st.Lookup("1.Wx").Value.Float64s(), st.Lookup("1.b").Value.Float64s()); got != "[1 3 5 7 2 4 6 8] [2 4 6 8]" {
		t.Errorf("LSTM Wx, b = %s, want the transpose and bias_ih + bias_hh", got)
	}
	g := newModel(t, &layers.GRU{Hidden: 1}, tensor.Float64, -1, 2, 1)
	gts := []weights.Named{
		{Name: "weight_ih_l0", Value: tensor.New(tensor.WithShape(3, 1), tensor.WithBacking([]float64{1, 2, 3}))},
		{Name: "weight_hh_l0", Value: tensor.New(tensor.WithShape(3, 1), tensor.WithBacking([]float64{4, 5, 6}))},
		{Name: "bias_ih_l0", Value: tensor.New(tensor.WithBacking([]float64{7, 8, 9}))},
		{Name: "bias_hh_l0", Value: tensor.New(tensor.WithBacking([]float64{10, 11, 12}))},
	}
	if err := layers.FromTorch(g, gts); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(g.Store().Lookup("bx").Value.Float64s(), g.Store().Lookup("bh").Value.Float64s()); got != "[7 8 9] [10 11 12]" {
		t.Errorf("GRU bx, bh = %s", got)
	}
}

// ToTorch then FromTorch gives every tensor back bit for bit, state
// included; a batch norm's num_batches_tracked, which PyTorch writes, is
// ignored in any dtype.
func TestTorchRoundTripInGo(t *testing.T) {
	src := bnNet(t, tensor.Float32, 4, 1)
	for _, e := range src.Store().Entries() {
		v := e.Value.Float32s()
		for i := range v {
			v[i] = float32(len(e.Name)) + float32(i)/8
		}
	}
	ts, err := layers.ToTorch(src)
	if err != nil {
		t.Fatal(err)
	}
	ts = append(ts, weights.Named{Name: "1.num_batches_tracked", Value: tensor.New(tensor.FromScalar(float64(12)))})
	dst := bnNet(t, tensor.Float32, 4, 2)
	if err := layers.FromTorch(dst, ts); err != nil {
		t.Fatal(err)
	}
	if !sameSnapshot(snapshot(src), snapshot(dst)) {
		t.Error("FromTorch(ToTorch(m)) differs from m")
	}
}

// A state_dict that does not fit is refused naming the first mismatch by
// its PyTorch name, and the model is unchanged; a layer without a mapping
// is named.
func TestFromTorchMismatch(t *testing.T) {
	good := func() []weights.Named {
		ts, err := layers.ToTorch(bnNet(t, tensor.Float64, 4, 1))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	untransposed := good()
	untransposed[0].Value.Reshape(3, 4) // as chainrule stores it, not as torch does
	extra := append(good(), weights.Named{Name: "1.momentum", Value: tensor.New(tensor.WithBacking([]float64{0.1}))})
	f32, err := layers.ToTorch(bnNet(t, tensor.Float32, 4, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what string
		ts   []weights.Named
		want string
	}{
		{"untransposed", untransposed, "0.weight: the file has shape (3, 4), the model has (4, 3)"},
		{"missing", good()[1:], "0.weight: missing from the file"},
		{"extra", extra, "1.momentum: in the file, not in the model"},
		{"float32", f32, "0.weight: the file has dtype float32, the model has float64 (and 7 more mismatches)"},
	} {
		m := bnNet(t, tensor.Float64, 4, 3)
		before := snapshot(m)
		err := layers.FromTorch(m, c.ts)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, weights.ErrMismatch) {
			t.Errorf("%s: error %v, want one saying %q", c.what, err, c.want)
		}
		if !sameSnapshot(before, snapshot(m)) {
			t.Errorf("%s: the refused load changed the model", c.what)
		}
	}
	att := newModel(t, layers.Seq(&layers.Linear{Out: 4}, layers.Name("att", &layers.MultiHeadAttention{Heads: 2})), tensor.Float64, -1, 3, 4)
	want := `is a tensor of the *layers.MultiHeadAttention at "att", a layer with no PyTorch mapping`
	if _, err := layers.ToTorch(att); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ToTorch of attention: %v", err)
	}
	if err := layers.FromTorch(att, nil); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("FromTorch of attention: %v", err)
	}
	if _, err := layers.ToTorch(nil); err == nil {
		t.Error("ToTorch(nil) did not fail")
	}
	if err := layers.FromTorch(nil, nil); err == nil {
		t.Error("FromTorch(nil) did not fail")
	}
}

// SaveTorch and LoadTorch pick the format by extension, refuse another
// one, and LoadTorch's refusal leaves the model unchanged.
func TestSaveLoadTorchFiles(t *testing.T) {
	dir := t.TempDir()
	src := bnNet(t, tensor.Float64, 4, 1)
	for _, ext := range []string{".safetensors", ".npz"} {
		p := filepath.Join(dir, "m"+ext)
		if err := layers.SaveTorch(src, p); err != nil {
			t.Fatal(err)
		}
		var ts []weights.Named
		var err error
		if ext == ".npz" {
			ts, err = weights.ReadNPZFile(p)
		} else {
			ts, _, err = weights.ReadSafetensorsFile(p)
		}
		if err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		if weights.Find(ts, "1.running_var") == nil || weights.Find(ts, "3.weight") == nil {
			t.Errorf("%s holds %s", ext, layout(ts))
		}
		dst := bnNet(t, tensor.Float64, 4, 2)
		if err := layers.LoadTorch(dst, p); err != nil {
			t.Fatal(err)
		}
		if !sameSnapshot(snapshot(src), snapshot(dst)) {
			t.Errorf("%s: LoadTorch(SaveTorch(m)) differs from m", ext)
		}
		other := bnNet(t, tensor.Float64, 5, 2)
		before := snapshot(other)
		if err := layers.LoadTorch(other, p); err == nil || !strings.Contains(err.Error(), "0.weight: the file has shape (4, 3), the model has (5, 3)") {
			t.Errorf("%s into a wider model: %v", ext, err)
		}
		if !sameSnapshot(before, snapshot(other)) {
			t.Errorf("%s: a refused LoadTorch changed the model", ext)
		}
	}
	if err := layers.SaveTorch(src, filepath.Join(dir, "m.pt")); err == nil || !strings.Contains(err.Error(), ".safetensors or .npz") {
		t.Errorf("SaveTorch to .pt: %v", err)
	}
	if err := layers.LoadTorch(src, filepath.Join(dir, "m.pt")); err == nil {
		t.Error("LoadTorch of .pt did not fail")
	}
	src.Store().Lookup("0.b").Value.Float64s()[0] = math.Inf(1)
	if err := layers.SaveTorch(src, filepath.Join(dir, "inf.npz")); err == nil || !strings.Contains(err.Error(), "0.bias[0] is +Inf") {
		t.Errorf("SaveTorch of an infinity: %v", err)
	}
	if err := layers.SaveTorch(nil, filepath.Join(dir, "nil.npz")); err == nil {
		t.Error("SaveTorch(nil) did not fail")
	}
}

// TestLoadTorchWithInt64Counter loads a safetensors file laid out as
// PyTorch's save_file(model.state_dict()) writes a batch-norm model: with
// num_batches_tracked as an I64 scalar, which weights reads and FromTorch
// ignores.
func TestLoadTorchWithInt64Counter(t *testing.T) {
	src := bnNet(t, tensor.Float32, 4, 1)
	ts, err := layers.ToTorch(src)
	if err != nil {
		t.Fatal(err)
	}
	// A safetensors file by the format's definition: 8-byte header length,
	// JSON header, little-endian data (F32 tensors, then the I64 scalar).
	header := map[string]any{}
	var data []byte
	for _, n := range ts {
		begin := len(data)
		for _, v := range n.Value.Float32s() {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
		}
		header[n.Name] = map[string]any{"dtype": "F32", "shape": n.Value.Shape(), "data_offsets": []int{begin, len(data)}}
	}
	begin := len(data)
	data = binary.LittleEndian.AppendUint64(data, 12)
	header["1.num_batches_tracked"] = map[string]any{"dtype": "I64", "shape": []int{}, "data_offsets": []int{begin, len(data)}}
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	file := append(binary.LittleEndian.AppendUint64(nil, uint64(len(h))), h...)
	path := filepath.Join(t.TempDir(), "bn.safetensors")
	if err := os.WriteFile(path, append(file, data...), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := bnNet(t, tensor.Float32, 4, 2)
	if err := layers.LoadTorch(dst, path); err != nil {
		t.Fatal(err)
	}
	if !sameSnapshot(snapshot(src), snapshot(dst)) {
		t.Error("LoadTorch of a state_dict with an int64 num_batches_tracked differs from the model saved")
	}
}
