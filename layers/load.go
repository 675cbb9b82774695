package layers

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// ErrCorrupted is wrapped by every error about a damaged or foreign file.
var ErrCorrupted = errors.New("layers: corrupted model file")

// maxRank bounds the rank a file may declare.
const maxRank = 8

// Load reads a file written by Save and rebuilds the model: the layer tree
// from the registered types (the built-ins need no user code), a Model of
// the saved spec, and every tensor. The rebuild takes the file's tensors as
// the layers ask for them, so it allocates no tensor the file does not hold
// and draws no random numbers. It errors on a damaged file (wrapping
// ErrCorrupted, with the byte offset), a newer format version, a layer type
// not registered in this program, or tensors that do not fit the rebuilt
// model.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, errors.Wrap(err, "layers: Load")
	}
	m, err := Decode(data)
	return m, errors.Wrapf(err, "layers: Load %s", path)
}

// Decode rebuilds a model from the bytes Encode returns, as Load does from
// a file.
func Decode(data []byte) (*Model, error) {
	f, err := decodeFile(data)
	if err != nil {
		return nil, err
	}
	root, err := decodeLayer(f.hdr.Tree)
	if err != nil {
		return nil, err
	}
	m, err := newModel(root, f.spec, f.entries, f.hdr.Seeds)
	if err != nil {
		return nil, errors.Wrap(err, "rebuilding the model")
	}
	if err := f.copyInto(m); err != nil {
		return nil, err
	}
	return m, nil
}

// LoadInto reads a file written by Save into m's tensors. The file's layer
// tree and spec must equal m's: otherwise it errors saying what differs (a
// layer's type, a hyperparameter, the input shape or dtype, a tensor's name
// or shape), and m is unchanged.
func LoadInto(m *Model, path string) error {
	if m == nil {
		return errors.New("layers: LoadInto: nil model")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return errors.Wrap(err, "layers: LoadInto")
	}
	f, err := decodeFile(data)
	if err != nil {
		return errors.Wrapf(err, "layers: LoadInto %s", path)
	}
	mine, err := encodeLayer(m.root)
	if err != nil {
		return errors.Wrap(err, "layers: LoadInto")
	}
	if d := diffJSON(f.hdr.Tree, mine, "root"); d != "" {
		return errors.Errorf("layers: LoadInto %s: the file's model differs from this one: %s", path, d)
	}
	if f.spec.Dtype != m.spec.Dtype || f.spec.inputDtype() != m.spec.inputDtype() || fmt.Sprint(f.spec.Input) != fmt.Sprint(m.spec.Input) {
		return errors.Errorf("layers: LoadInto %s: the file's input is %v %v, this model's %v %v", path, f.spec.inputDtype(), f.spec.Input, m.spec.inputDtype(), m.spec.Input)
	}
	return errors.Wrapf(f.copyInto(m), "layers: LoadInto %s", path)
}

// file is a decoded model file.
type file struct {
	hdr     fileHeader
	spec    Spec
	entries []*Entry
}

// copyInto checks f's tensors against m's store, name by name, and copies
// them in only if all fit.
func (f *file) copyInto(m *Model) error {
	seeds := m.store.seeds
	if len(seeds) != len(f.hdr.Seeds) {
		return errors.Errorf("the file has %d seeds, the model %d", len(f.hdr.Seeds), len(seeds))
	}
	for i, sd := range f.hdr.Seeds {
		if sd.Name != seeds[i].Name {
			return errors.Errorf("seed %d is %q in the file, %q in the model", i, sd.Name, seeds[i].Name)
		}
	}
	have := m.store.Entries()
	for i := 0; i < max(len(have), len(f.entries)); i++ {
		switch {
		case i >= len(f.entries):
			return errors.Errorf("the model has tensor %q, which the file lacks", have[i].Name)
		case i >= len(have):
			return errors.Errorf("the file has tensor %q, which the model lacks", f.entries[i].Name)
		}
		a, b := f.entries[i], have[i]
		if a.Name != b.Name {
			return errors.Errorf("tensor %d is %q in the file, %q in the model", i, a.Name, b.Name)
		}
		if a.Trainable != b.Trainable {
			return errors.Errorf("tensor %q is a %s in the file, a %s in the model", a.Name, kind(a.Trainable), kind(b.Trainable))
		}
		if !a.Value.Shape().Eq(b.Value.Shape()) {
			return errors.Errorf("tensor %q has shape %v in the file, %v in the model", a.Name, a.Value.Shape(), b.Value.Shape())
		}
	}
	for i, e := range f.entries {
		if have[i].Value != e.Value {
			copy(have[i].Value.Raw, e.Value.Raw)
		}
	}
	for i, sd := range f.hdr.Seeds {
		seeds[i].Value = sd.Value
	}
	m.runs = f.hdr.Runs
	return nil
}

func kind(trainable bool) string {
	if trainable {
		return "param"
	}
	return "state"
}

// decodeFile checks the frame (magic, version, length, checksum) and decodes
// the body. No length read from the file is trusted before it is checked
// against the bytes that are left.
func decodeFile(data []byte) (*file, error) {
	if len(data) < len(Magic) || string(data[:len(Magic)]) != Magic {
		if bytes.HasPrefix(data, []byte("CHAINRULE-MODEL")) {
			return nil, errors.Wrap(ErrCorrupted, "this is a nets model file (CHAINRULE-MODEL); load it with nets.Load")
		}
		return nil, errors.Wrapf(ErrCorrupted, "not a layers model file (no %q magic at byte 0)", Magic)
	}
	if len(data) < headerLen+4 {
		return nil, errors.Wrapf(ErrCorrupted, "%d bytes, shorter than the %d-byte frame", len(data), headerLen+4)
	}
	le := binary.LittleEndian
	if v := le.Uint32(data[len(Magic):]); v != FormatVersion {
		return nil, errors.Errorf("layers: model file format version %d; this program reads version %d", v, FormatVersion)
	}
	n := le.Uint64(data[len(Magic)+4:])
	if n != uint64(len(data)-headerLen-4) {
		return nil, errors.Wrapf(ErrCorrupted, "the header at byte %d says %d body bytes, the file has %d", len(Magic)+4, n, len(data)-headerLen-4)
	}
	end := len(data) - 4
	if sum, want := crc32.ChecksumIEEE(data[:end]), le.Uint32(data[end:]); sum != want {
		return nil, errors.Wrapf(ErrCorrupted, "checksum %08x, the file says %08x (at byte %d)", sum, want, end)
	}
	r := &reader{b: data[headerLen:end], off: headerLen}
	f := &file{}
	hdr := r.bytes(int(r.u32()))
	if r.err == nil {
		if err := json.Unmarshal(hdr, &f.hdr); err != nil {
			r.fail("header JSON: %v", err)
		}
	}
	if r.err == nil {
		var err error
		if f.spec, err = f.hdr.Spec.spec(); err != nil {
			r.fail("%v", err)
		}
	}
	count := int(r.u32())
	if r.err == nil && count > len(r.b)/4 { // a tensor takes at least 4 bytes
		r.fail("%d tensors cannot fit in %d bytes", count, len(r.b))
	}
	for i := 0; i < count && r.err == nil; i++ {
		if e := r.entry(f.spec.Dtype); e != nil {
			f.entries = append(f.entries, e)
		}
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail("%d bytes after the last tensor", len(r.b))
	}
	if r.err != nil {
		return nil, r.err
	}
	return f, nil
}

func (s fileSpec) spec() (Spec, error) {
	sp := Spec{Input: s.Input, Seed: s.Seed, Programs: s.Programs}
	switch s.Dtype {
	case "float64":
		sp.Dtype = tensor.Float64
	case "float32":
		sp.Dtype = tensor.Float32
	default:
		return sp, errors.Errorf("dtype %q, want float64 or float32", s.Dtype)
	}
	switch s.InputDtype {
	case "":
	case "int":
		sp.InputDtype = tensor.Int
	case sp.Dtype.String():
		sp.InputDtype = sp.Dtype
	default:
		return sp, errors.Errorf("input dtype %q, want int or %v", s.InputDtype, sp.Dtype)
	}
	return sp, sp.check()
}

// reader consumes a body; the first failure sticks and gives the byte
// offset in the file.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = errors.Wrapf(ErrCorrupted, "at byte %d: %s", r.off, fmt.Sprintf(format, args...))
	}
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("a field of %d bytes runs past the end of the body (%d left)", n, len(r.b))
		return nil
	}
	out := r.b[:n]
	r.b, r.off = r.b[n:], r.off+n
	return out
}

func (r *reader) u8() int {
	if b := r.bytes(1); b != nil {
		return int(b[0])
	}
	return 0
}

func (r *reader) u16() int {
	if b := r.bytes(2); b != nil {
		return int(binary.LittleEndian.Uint16(b))
	}
	return 0
}

func (r *reader) u32() int {
	if b := r.bytes(4); b != nil {
		return int(binary.LittleEndian.Uint32(b))
	}
	return 0
}

// entry reads one tensor of dtype dt, checking its size against the bytes
// left before allocating.
func (r *reader) entry(dt tensor.Dtype) *Entry {
	name := string(r.bytes(r.u16()))
	flag := r.u8()
	rank := r.u8()
	if r.err != nil {
		return nil
	}
	if flag > 1 || rank > maxRank || name == "" || strings.ContainsRune(name, 0) {
		r.fail("tensor %q: flag %d, rank %d", name, flag, rank)
		return nil
	}
	width := 8
	if dt == tensor.Float32 {
		width = 4
	}
	shape := make([]int, rank)
	size := 1
	for i := range shape {
		shape[i] = r.u32()
		if r.err == nil && (shape[i] < 1 || shape[i] > len(r.b)) {
			r.fail("tensor %q: dimension %d is %d", name, i, shape[i])
		}
		if size *= max(1, shape[i]); r.err == nil && size*width > len(r.b) {
			r.fail("tensor %q: shape %v needs more bytes than the file has left (%d)", name, shape[:i+1], len(r.b))
		}
	}
	raw := r.bytes(size * width)
	if r.err != nil {
		return nil
	}
	t := tensor.New(tensor.WithShape(shape...), tensor.Of(dt))
	if rank == 0 {
		t = tensor.New(tensor.FromScalar(0.0))
		if dt == tensor.Float32 {
			t = tensor.New(tensor.FromScalar(float32(0)))
		}
	}
	copy(t.Raw, raw) // little-endian IEEE 754 is the machine's layout on every supported platform
	for i := 0; i < size; i++ {
		var v float64
		if width == 4 {
			v = float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		} else {
			v = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			r.fail("tensor %q: element %d is %v", name, i, v)
			return nil
		}
	}
	return &Entry{Name: name, Value: t, Trainable: flag == 1}
}

// diffJSON returns the first difference between two encoded trees, with its
// place, or "".
func diffJSON(a, b json.RawMessage, path string) string {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return "the trees cannot be compared"
	}
	return diffValue(x, y, path)
}

func diffValue(x, y any, path string) string {
	switch xv := x.(type) {
	case map[string]any:
		yv, ok := y.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s is %s in the file, %s in the model", path, short(x), short(y))
		}
		if tx, ty := xv["type"], yv["type"]; tx != nil || ty != nil {
			if fmt.Sprint(tx) != fmt.Sprint(ty) {
				return fmt.Sprintf("%s is a %v in the file, a %v in the model", path, tx, ty)
			}
			return diffValue(xv["value"], yv["value"], fmt.Sprintf("%s(%v)", path, tx))
		}
		for _, k := range sortedKeys(xv) {
			if _, ok := yv[k]; !ok {
				return fmt.Sprintf("%s.%s is in the file, not in the model", path, k)
			}
		}
		for _, k := range sortedKeys(yv) {
			xk, ok := xv[k]
			if !ok {
				return fmt.Sprintf("%s.%s is in the model, not in the file", path, k)
			}
			if d := diffValue(xk, yv[k], path+"."+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		yv, ok := y.([]any)
		if !ok || len(xv) != len(yv) {
			return fmt.Sprintf("%s is %s in the file, %s in the model", path, short(x), short(y))
		}
		for i := range xv {
			if d := diffValue(xv[i], yv[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	}
	if fmt.Sprint(x) != fmt.Sprint(y) {
		return fmt.Sprintf("%s is %s in the file, %s in the model", path, short(x), short(y))
	}
	return ""
}

// short describes a decoded JSON value briefly.
func short(v any) string {
	switch t := v.(type) {
	case []any:
		return fmt.Sprintf("a list of %d", len(t))
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
