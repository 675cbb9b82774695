package weights

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// randomTensors returns seeded tensors of both dtypes and ranks 0 to 4,
// including an empty one and NaN, infinities and -0 (the formats carry
// any bits).
func randomTensors() []Named {
	r := rand.New(rand.NewPCG(15, 1))
	shapes := [][]int{{}, {1}, {7}, {3, 5}, {0, 4}, {2, 3, 4}, {2, 1, 3, 2}, {64, 33}}
	var out []Named
	for i, s := range shapes {
		n := 1
		for _, d := range s {
			n *= d
		}
		dt := tensor.Float64
		if i%2 == 1 {
			dt = tensor.Float32
		}
		var v *tensor.Dense
		if dt == tensor.Float32 {
			b := make([]float32, n)
			for k := range b {
				b[k] = float32(r.NormFloat64())
			}
			v = tensor.New(tensor.WithShape(s...), tensor.WithBacking(b))
		} else {
			b := make([]float64, n)
			for k := range b {
				b[k] = r.NormFloat64()
			}
			v = tensor.New(tensor.WithShape(s...), tensor.WithBacking(b))
		}
		out = append(out, Named{Name: "layer" + string(rune('a'+i)) + ".w", Value: v})
	}
	specials := tensor.New(tensor.WithShape(4), tensor.WithBacking([]float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}))
	return append(out, Named{Name: "specials", Value: specials})
}

// sameTensors reports how a and b differ in names (in order when ordered),
// dtypes, shapes or bits, or "".
func sameTensors(a, b []Named, ordered bool) string {
	if len(a) != len(b) {
		return "lengths differ"
	}
	for i, x := range a {
		y := Find(b, x.Name)
		if ordered && b[i].Name != x.Name {
			return "order: " + names(b)
		}
		if y == nil || y.Dtype() != x.Value.Dtype() || !sameShape(y.Shape(), x.Value.Shape()) {
			return x.Name + ": dtype or shape"
		}
		if x.Value.Dtype() == tensor.Float32 {
			p, q := x.Value.Float32s(), y.Float32s()
			for k := range p {
				if math.Float32bits(p[k]) != math.Float32bits(q[k]) {
					return x.Name + ": values"
				}
			}
		} else {
			p, q := x.Value.Float64s(), y.Float64s()
			for k := range p {
				if math.Float64bits(p[k]) != math.Float64bits(q[k]) {
					return x.Name + ": values"
				}
			}
		}
	}
	return ""
}

func TestRoundTripNPZ(t *testing.T) {
	ts := randomTensors()
	var buf bytes.Buffer
	if err := WriteNPZ(&buf, ts); err != nil {
		t.Fatal(err)
	}
	got, err := ReadNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if d := sameTensors(ts, got, true); d != "" {
		t.Error(d)
	}
}

func TestRoundTripSafetensors(t *testing.T) {
	ts := randomTensors()
	path := filepath.Join(t.TempDir(), "m.safetensors")
	meta := map[string]string{"format": "pt", "writer": "chainrule", "quote": `"\`}
	if err := WriteSafetensorsFile(path, ts, meta); err != nil {
		t.Fatal(err)
	}
	got, gotMeta, err := ReadSafetensorsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := sameTensors(ts, got, false); d != "" {
		t.Error(d)
	}
	if len(gotMeta) != 3 || gotMeta["quote"] != `"\` || gotMeta["writer"] != "chainrule" {
		t.Errorf("metadata %v", gotMeta)
	}
	// F64 before F32, then by name, every tensor aligned to its element size.
	ordered := true
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		if sa, sb := itemSize(a.Value.Dtype()), itemSize(b.Value.Dtype()); sa < sb || sa == sb && a.Name > b.Name {
			ordered = false
		}
	}
	if !ordered {
		t.Errorf("data order %s", names(got))
	}
	// No metadata: none in the header either.
	var buf bytes.Buffer
	if err := WriteSafetensors(&buf, ts[:1], nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), metadataKey) || (buf.Len()-8)%8 != 0 {
		t.Errorf("wrote %q", buf.Bytes())
	}
}

func TestRoundTripNPZFile(t *testing.T) {
	ts := randomTensors()
	path := filepath.Join(t.TempDir(), "m.npz")
	if err := WriteNPZFile(path, ts); err != nil {
		t.Fatal(err)
	}
	got, err := ReadNPZFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := sameTensors(ts, got, true); d != "" {
		t.Error(d)
	}
}

// TestWriteRefuses checks that the writers refuse what the formats cannot
// hold or a reader would misread, naming it.
func TestWriteRefuses(t *testing.T) {
	ok := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6}))
	view := tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6}))
	if err := view.T(); err != nil {
		t.Fatal(err)
	}
	ints := tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 2}))
	for _, c := range []struct {
		ts   []Named
		want string
	}{
		{[]Named{{"w", ok}, {"w", ok}}, `two tensors are named "w"`},
		{[]Named{{"", ok}}, "empty name"},
		{[]Named{{"w", nil}}, "w is nil"},
		{[]Named{{"w", view}}, "w is a view"},
		{[]Named{{"w", ints}}, "w has dtype int"},
	} {
		if err := WriteNPZ(&bytes.Buffer{}, c.ts); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteNPZ: %v, want %s", err, c.want)
		}
		if err := WriteSafetensors(&bytes.Buffer{}, c.ts, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteSafetensors: %v, want %s", err, c.want)
		}
	}
	if err := WriteSafetensors(&bytes.Buffer{}, []Named{{metadataKey, ok}}, nil); err == nil {
		t.Error("a tensor named __metadata__ was written")
	}
}

// TestAssign checks that Assign copies by name whatever the order, and
// that each mismatch is named, counted, and leaves the model unchanged.
func TestAssign(t *testing.T) {
	mk := func(dt tensor.Dtype, v float64, shape ...int) *tensor.Dense {
		n := 1
		for _, d := range shape {
			n *= d
		}
		if dt == tensor.Float32 {
			b := make([]float32, n)
			for i := range b {
				b[i] = float32(v)
			}
			return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(b))
		}
		b := make([]float64, n)
		for i := range b {
			b[i] = v
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(b))
	}
	model := func() []Named {
		return []Named{{"W1", mk(tensor.Float32, 0, 2, 3)}, {"b1", mk(tensor.Float32, 0, 3)}}
	}
	dst := model()
	if err := Assign(dst, []Named{{"b1", mk(tensor.Float32, 2, 3)}, {"W1", mk(tensor.Float32, 1, 2, 3)}}); err != nil {
		t.Fatal(err)
	}
	if dst[0].Value.Float32s()[5] != 1 || dst[1].Value.Float32s()[2] != 2 {
		t.Errorf("assigned %v %v", dst[0].Value, dst[1].Value)
	}
	nan := mk(tensor.Float32, 0, 3)
	nan.Float32s()[1] = float32(math.NaN())
	for _, c := range []struct {
		src  []Named
		want string
	}{
		{[]Named{{"W1", mk(tensor.Float32, 1, 2, 3)}}, "b1: missing from the file"},
		{[]Named{{"W1", mk(tensor.Float32, 1, 2, 3)}, {"b1", mk(tensor.Float32, 1, 3)}, {"b2", mk(tensor.Float32, 1, 3)}}, "b2: in the file, not in the model"},
		{[]Named{{"W1", mk(tensor.Float32, 1, 3, 2)}, {"b1", mk(tensor.Float32, 1, 3)}}, "W1: the file has shape (3, 2), the model has (2, 3)"},
		{[]Named{{"W1", mk(tensor.Float64, 1, 2, 3)}, {"b1", mk(tensor.Float64, 1, 3)}}, "W1: the file has dtype float64, the model has float32 (and 1 more mismatch)"},
		{[]Named{{"W1", mk(tensor.Float32, 1, 2, 3)}, {"b1", nan}}, "b1[1] is NaN in the file"},
		{[]Named{{"W1", mk(tensor.Float32, 1, 2, 3)}, {"W1", mk(tensor.Float32, 1, 2, 3)}}, `the file: weights: two tensors are named "W1"`},
		{nil, "W1: missing from the file (and 1 more mismatch)"},
	} {
		dst := model()
		err := Assign(dst, c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Assign: %v, want %s", err, c.want)
		}
		if dst[0].Value.Float32s()[0] != 0 || dst[1].Value.Float32s()[0] != 0 {
			t.Errorf("%s: the model changed", c.want)
		}
	}
}

// TestReadFileKinds checks the path readers on what is not a weights file:
// a missing file, a directory, a device read as a stream (an empty one).
func TestReadFileKinds(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadNPZFile(filepath.Join(dir, "absent.npz")); err == nil || !strings.Contains(err.Error(), "absent.npz: no such file") {
		t.Errorf("missing: %v", err)
	}
	if _, _, err := ReadSafetensorsFile(dir); err == nil || !strings.Contains(err.Error(), dir+": a directory") {
		t.Errorf("directory: %v", err)
	}
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("no /dev/null")
	}
	if _, _, err := ReadSafetensorsFile("/dev/null"); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "weights: /dev/null: byte 0: 0 bytes, shorter than the 8-byte header length") {
		t.Errorf("/dev/null: %v", err)
	}
}
