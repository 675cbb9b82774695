package layers

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"math"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/internal/atomicfile"
)

// The layers model file, version 1 (integers little-endian):
//
//	magic    16 bytes  "CHAINRULE-LAYERS"
//	version  uint32    1
//	length   uint64    number of body bytes
//	body:
//	  header   uint32 length, then JSON {"spec": {...}, "tree": node,
//	           "seeds": [{"name", "value"}...], "runs": n}, where a node is
//	           {"type": registered name, "ptr": bool, "value": the layer's
//	           exported fields, nested layers as nodes}; seeds (Scope.Seed)
//	           and runs (Model.Counter) are left out when empty or 0, and
//	           spec.input_dtype when it is the params' dtype
//	  count    uint32 number of tensors
//	  tensors  per tensor: uint16 name length, name, uint8 1 for a param or
//	           0 for state, uint8 rank, rank × uint32 dimensions, then the
//	           elements (8 or 4 bytes each, IEEE 754, the spec's dtype)
//	crc      uint32    CRC-32 (IEEE) of everything before it
//
// The magic differs from nets' "CHAINRULE-MODEL", so that each package
// names the other when handed its file.
const (
	Magic         = "CHAINRULE-LAYERS"
	FormatVersion = 1
	headerLen     = len(Magic) + 4 + 8
)

// fileSpec is Spec as saved: the dtype by name.
type fileSpec struct {
	Dtype      string `json:"dtype"`
	InputDtype string `json:"input_dtype,omitempty"`
	Input      []int  `json:"input"`
	Seed       uint64 `json:"seed"`
	Programs   int    `json:"programs,omitempty"`
}

type fileHeader struct {
	Spec  fileSpec        `json:"spec"`
	Tree  json.RawMessage `json:"tree"`
	Seeds []fileSeed      `json:"seeds,omitempty"`
	Runs  uint64          `json:"runs,omitempty"`
}

type fileSeed struct {
	Name  string `json:"name"`
	Value uint64 `json:"value"`
}

// Save writes m whole (the layer tree with every hyperparameter, the spec,
// every param and state tensor) to path atomically: a reader sees the old
// file or the new one, never a mix. It errors naming the layer when the tree
// holds a layer type that is not registered (see Register) or a field that
// cannot be saved, when a tensor holds NaN or an infinity, and when the
// file cannot be written.
func Save(m *Model, path string) error {
	data, err := Encode(m)
	if err != nil {
		return err
	}
	return errors.Wrap(atomicfile.WriteBytes(path, data), "layers: Save")
}

// Encode returns the bytes Save writes.
func Encode(m *Model) ([]byte, error) {
	if m == nil {
		return nil, errors.New("layers: Save: nil model")
	}
	tree, err := encodeLayer(m.root)
	if err != nil {
		return nil, err
	}
	s := m.spec
	fs := fileSpec{Dtype: s.Dtype.String(), Input: s.Input, Seed: s.Seed, Programs: s.Programs}
	if s.InputDtype != (tensor.Dtype{}) {
		fs.InputDtype = s.InputDtype.String()
	}
	fh := fileHeader{Spec: fs, Tree: tree, Runs: m.runs}
	for _, sd := range m.store.Seeds() {
		fh.Seeds = append(fh.Seeds, fileSeed{Name: sd.Name, Value: sd.Value})
	}
	hdr, err := json.Marshal(fh)
	if err != nil {
		return nil, errors.Wrap(err, "layers: Save: encoding the header")
	}
	le := binary.LittleEndian
	var body bytes.Buffer
	body.Write(le.AppendUint32(nil, uint32(len(hdr))))
	body.Write(hdr)
	body.Write(le.AppendUint32(nil, uint32(m.store.Len())))
	for _, e := range m.store.Entries() {
		if err := appendEntry(&body, e); err != nil {
			return nil, err
		}
	}
	out := make([]byte, 0, headerLen+body.Len()+4)
	out = append(out, Magic...)
	out = le.AppendUint32(out, FormatVersion)
	out = le.AppendUint64(out, uint64(body.Len()))
	out = append(out, body.Bytes()...)
	return le.AppendUint32(out, crc32.ChecksumIEEE(out)), nil
}

func appendEntry(b *bytes.Buffer, e *Entry) error {
	le := binary.LittleEndian
	if len(e.Name) > math.MaxUint16 {
		return errors.Errorf("layers: Save: tensor name of %d bytes is too long", len(e.Name))
	}
	b.Write(le.AppendUint16(nil, uint16(len(e.Name))))
	b.WriteString(e.Name)
	if e.Trainable {
		b.WriteByte(1)
	} else {
		b.WriteByte(0)
	}
	sh := e.Value.Shape()
	b.WriteByte(byte(len(sh)))
	for _, d := range sh {
		b.Write(le.AppendUint32(nil, uint32(d)))
	}
	var buf []byte
	switch e.Value.Dtype() {
	case tensor.Float64:
		for i, v := range e.Value.Float64s() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.Errorf("layers: Save: %s[%d] is %v; refusing to save a broken model", e.Name, i, v)
			}
			buf = le.AppendUint64(buf, math.Float64bits(v))
		}
	case tensor.Float32:
		for i, v := range e.Value.Float32s() {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return errors.Errorf("layers: Save: %s[%d] is %v; refusing to save a broken model", e.Name, i, v)
			}
			buf = le.AppendUint32(buf, math.Float32bits(v))
		}
	}
	b.Write(buf)
	return nil
}
