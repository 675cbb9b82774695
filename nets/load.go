package nets

import (
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// The kinds of unreadable file; Load's errors wrap one of them (test with
// errors.Is).
var (
	ErrForeign   = errors.New("not a chainrule model file")
	ErrVersion   = errors.New("unsupported model file version")
	ErrTruncated = errors.New("model file is truncated")
	ErrCorrupted = errors.New("model file is corrupted")
	// ErrTooLarge is the error for a path that is not a regular file (a
	// pipe, a device) whose header announces more than MaxStreamBytes.
	ErrTooLarge = errors.New("model file is larger than the limit for a file that is not a regular file")
	// ErrParamsOnly is Load's error for a file written by SaveParams: it
	// holds the params of a network nets cannot rebuild; LoadInto reads it.
	ErrParamsOnly = errors.New("model file holds params only")
	// ErrArchitecture is LoadInto's error when the file holds a model of
	// another architecture than the network's.
	ErrArchitecture = errors.New("model file is for another architecture")
)

// Load reads a model file written by Save (format 2 or 1) and rebuilds the
// network it describes. It errors, never panics, when the file cannot be
// read, is not a model file (ErrForeign), has another version (ErrVersion),
// is shorter than its header says (ErrTruncated), fails its checksum or
// structure (ErrCorrupted, also for a stored spec that does not match the
// stored tensors), was written by SaveParams (ErrParamsOnly), or, not
// being a regular file, announces more than MaxStreamBytes (ErrTooLarge).
// It reads the header first and checks the length it announces against the
// file's size, so that no file makes it read or allocate more than the
// file holds.
func Load(path string) (Network, error) {
	net, _, err := LoadWith(path)
	return net, err
}

// LoadWith is Load that also returns the settings SaveWith stored in the
// file: nil for a file saved without settings or in format 1.
func LoadWith(path string) (Network, json.RawMessage, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, nil, errors.Wrapf(err, "nets: Load %s", path)
	}
	m, err := decodeFile(data)
	if err != nil {
		return nil, nil, errors.Wrapf(err, "nets: Load %s", path)
	}
	net, err := m.network()
	if err != nil {
		return nil, nil, errors.Wrapf(err, "nets: Load %s", path)
	}
	return net, m.settings, nil
}

// decoded is the content of a model file.
type decoded struct {
	version    uint32
	paramsOnly bool   // written by SaveParams
	typ        string // the saved network's Go type (format 2)
	spec       Spec
	settings   json.RawMessage
	params     []Param
}

// network rebuilds the network m describes.
func (m *decoded) network() (Network, error) {
	if m.paramsOnly {
		return nil, errors.Wrapf(ErrParamsOnly, "written by SaveParams from a %s, whose forward pass nets does not know; "+
			"LoadInto reads it into a network with the same params", m.typ)
	}
	net, err := New(m.spec, 0)
	if err == nil {
		err = copyParams(net, m.params)
	}
	if err != nil {
		return nil, errors.Wrapf(ErrCorrupted, "the stored spec does not match the stored tensors: %v", err)
	}
	return net, nil
}

// decodeNetwork rebuilds the network a model file's bytes describe.
func decodeNetwork(data []byte) (Network, error) {
	m, err := decodeFile(data)
	if err != nil {
		return nil, err
	}
	return m.network()
}

// LoadInto reads a model file (also one SaveParams wrote) into the existing
// network net. It errors like Load, and with ErrArchitecture when the
// file's spec differs from net's (kind, sizes, activation, loss, dtype,
// sequence settings) or its params do (names, order, dtype, shapes),
// listing every difference, for example "activation: file has sigmoid,
// network has relu; W1: file has shape (784, 64), network has (784, 128)".
// net's own type is not compared: a custom forward pass over the same
// params may load a file saved from a standard network. On error net is
// unchanged.
func LoadInto(net Network, path string) error {
	if isNil(net) {
		return errors.New("nets: LoadInto: nil network")
	}
	data, err := readFile(path)
	if err != nil {
		return errors.Wrapf(err, "nets: LoadInto %s", path)
	}
	m, err := decodeFile(data)
	if err == nil {
		if diffs := append(specDiffs(m.spec, net.Spec()), fileDiffs(net, m.params)...); len(diffs) > 0 {
			err = errors.Wrap(ErrArchitecture, strings.Join(diffs, "; "))
		}
	}
	if err == nil {
		err = copyParams(net, m.params)
	}
	return errors.Wrapf(err, "nets: LoadInto %s", path)
}

// specDiffs lists the fields in which the file's spec and the network's
// differ, each normalised when it is valid.
func specDiffs(file, own Spec) []string {
	if n, err := file.Normalize(); err == nil {
		file = n
	}
	if n, err := own.Normalize(); err == nil {
		own = n
	}
	var diffs []string
	diff := func(field string, f, n any) {
		fs, ns := specField(f), specField(n)
		if fs != ns {
			diffs = append(diffs, field+": file has "+fs+", network has "+ns)
		}
	}
	diff("kind", file.Kind, own.Kind)
	diff("inputs", file.Inputs, own.Inputs)
	diff("hidden", file.Hidden, own.Hidden)
	diff("outputs", file.Outputs, own.Outputs)
	diff("activation", file.Activation, own.Activation)
	diff("loss", file.Loss, own.Loss)
	diff("dtype", file.Dtype, own.Dtype)
	diff("seq_len", file.SeqLen, own.SeqLen)
	diff("every_step", file.EveryStep, own.EveryStep)
	diff("masked", file.Masked, own.Masked)
	diff("image", file.Image, own.Image)
	diff("channels", file.Channels, own.Channels)
	diff("dropout", file.Dropout, own.Dropout)
	diff("batch_norm", file.BatchNorm, own.BatchNorm)
	return diffs
}

// specField prints one Spec field for specDiffs.
func specField(v any) string {
	switch v := v.(type) {
	case []int:
		s := make([]string, len(v))
		for i, d := range v {
			s[i] = strconv.Itoa(d)
		}
		return "[" + strings.Join(s, ",") + "]"
	case Kind:
		return q(string(v))
	case Activation:
		return q(string(v))
	case Loss:
		return q(string(v))
	case Dtype:
		return q(string(v))
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "?"
}

// q prints a name field, or "none" when it is empty.
func q(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// fileDiffs lists how params (a file's) differ from net's in names, order,
// dtype and shapes, and names the params of net that are views, which a
// load cannot fill.
func fileDiffs(net Network, params []Param) []string {
	own := stored(net)
	var diffs []string
	for i := 0; i < max(len(own), len(params)); i++ {
		switch {
		case i >= len(params):
			diffs = append(diffs, own[i].Name+": missing from the file")
		case i >= len(own):
			diffs = append(diffs, params[i].Name+": in the file, not in the network")
		case own[i].Value == nil:
			diffs = append(diffs, own[i].Name+": the network's param has no value")
		case own[i].Name != params[i].Name:
			diffs = append(diffs, "param "+strconv.Itoa(i)+": file has "+params[i].Name+", network has "+own[i].Name)
		case own[i].Value.Dtype() != params[i].Value.Dtype():
			diffs = append(diffs, own[i].Name+": file has "+params[i].Value.Dtype().String()+", network has "+own[i].Value.Dtype().String())
		case !graph.SameShape(own[i].Value.Shape(), params[i].Value.Shape()):
			diffs = append(diffs, own[i].Name+": file has shape "+graph.ShapeString(params[i].Value.Shape())+
				", network has "+graph.ShapeString(own[i].Value.Shape()))
		case !contiguous(own[i].Value):
			diffs = append(diffs, own[i].Name+": the network's tensor is a view, which a load cannot fill in order")
		}
	}
	return diffs
}

// copyParams checks that params match net's and copies their values.
func copyParams(net Network, params []Param) error {
	if diffs := fileDiffs(net, params); len(diffs) > 0 {
		return errors.Wrap(ErrArchitecture, strings.Join(diffs, "; "))
	}
	own := stored(net)
	dst, src := make([]*tensor.Dense, len(own)), make([]*tensor.Dense, len(params))
	for i, p := range params {
		dst[i], src[i] = own[i].Value, p.Value
	}
	restore(dst, src)
	return nil
}

// Decode parses the bytes of a model file (format 2 or 1) into its Spec
// and params. It errors like Load, and with ErrCorrupted when a tensor
// holds NaN or an infinity or the spec is invalid or needs another number
// of weights than the file holds; so New(spec) allocates no more than the
// file's size. A file SaveParams wrote gives ErrParamsOnly.
func Decode(data []byte) (Spec, []Param, error) {
	m, err := decodeFile(data)
	if err != nil {
		return Spec{}, nil, err
	}
	if m.paramsOnly {
		_, err = m.network()
	}
	return m.spec, m.params, err
}

// checkHeader checks the start of a model file (at least its header, or
// all of a shorter file) and returns the file's version and its length as
// the header announces it.
func checkHeader(data []byte) (version uint32, total uint64, err error) {
	le := binary.LittleEndian
	if len(data) < len(Magic) {
		if len(data) > 0 && strings.HasPrefix(Magic, string(data)) {
			return 0, 0, errors.Wrapf(ErrTruncated, "%d bytes, shorter than the header", len(data))
		}
		return 0, 0, errors.Wrapf(ErrForeign, "%d bytes, no %q header", len(data), Magic)
	}
	if string(data[:len(Magic)]) != Magic {
		return 0, 0, errors.Wrapf(ErrForeign, "starts with %q, not %q", printable(data[:len(Magic)]), Magic)
	}
	if len(data) < headerLen {
		return 0, 0, errors.Wrapf(ErrTruncated, "%d bytes, shorter than the %d-byte header", len(data), headerLen)
	}
	if v := le.Uint32(data[len(Magic):]); v != 1 && v != FormatVersion {
		return 0, 0, errors.Wrapf(ErrVersion, "version %d, this build reads 1 and %d", v, FormatVersion)
	}
	n := le.Uint64(data[len(Magic)+4:])
	if n > 1<<62 {
		return 0, 0, errors.Wrapf(ErrCorrupted, "the header announces a body of %d bytes", n)
	}
	return le.Uint32(data[len(Magic):]), uint64(headerLen) + n + 4, nil
}

// decodeFile parses a whole model file.
func decodeFile(data []byte) (*decoded, error) {
	le := binary.LittleEndian
	version, want, err := checkHeader(data)
	if err != nil {
		return nil, err
	}
	if uint64(len(data)) < want {
		return nil, errors.Wrapf(ErrTruncated, "%d bytes, the header announces %d", len(data), want)
	} else if uint64(len(data)) > want {
		return nil, errors.Wrapf(ErrCorrupted, "%d bytes after the end the header announces", uint64(len(data))-want)
	}
	end := len(data) - 4
	if got, want := crc32.ChecksumIEEE(data[:end]), le.Uint32(data[end:]); got != want {
		return nil, errors.Wrapf(ErrCorrupted, "checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	m := &decoded{version: version}
	r := &reader{b: data[headerLen:end], off: headerLen}
	if version >= 2 {
		flags := r.u8()
		if flags&^flagParamsOnly != 0 {
			r.fail("unknown flags %#x", flags)
		}
		m.paramsOnly = flags&flagParamsOnly != 0
		m.typ = string(r.bytes(int(r.u8())))
	}
	if err := json.Unmarshal(r.bytes(int(r.u32())), &m.spec); err != nil {
		r.fail("spec: %v", err)
	}
	if version >= 2 {
		if s := r.bytes(int(r.u32())); len(s) > 0 {
			if !json.Valid(s) {
				r.fail("the settings are not valid JSON")
			}
			m.settings = append(json.RawMessage(nil), s...)
		}
	}
	dt := string(r.bytes(int(r.u8())))
	count := int(r.u32())
	for i := 0; i < count && r.err == nil; i++ {
		m.params = append(m.params, r.tensor(dt))
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d unread bytes at the end of the body", len(r.b))
	}
	if r.err == nil && !m.paramsOnly {
		r.err = checkSpec(m.spec, m.params)
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}

// checkSpec checks that spec is valid and needs as many weights as params
// hold.
func checkSpec(spec Spec, params []Param) error {
	s, err := spec.Normalize()
	if err != nil {
		return errors.Wrapf(ErrCorrupted, "stored spec: %v", err)
	}
	have := 0
	for _, p := range params {
		have += p.Value.Size()
	}
	if want, ok := s.weightCount(); !ok || want != have {
		return errors.Wrapf(ErrCorrupted, "the stored spec (%s) needs %d weights, the file holds %d", s.Kind, want, have)
	}
	return nil
}

func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 {
			return '.'
		}
		return r
	}, string(b))
}
