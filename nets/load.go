package nets

import (
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"os"
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
	// ErrArchitecture is LoadInto's error when the file holds a model of
	// another architecture than the network's.
	ErrArchitecture = errors.New("model file is for another architecture")
)

// Load reads a model file written by Save and rebuilds the network it
// describes. It errors, never panics, when the file cannot be read, is not
// a model file (ErrForeign), has another version (ErrVersion), is shorter
// than its header says (ErrTruncated) or fails its checksum or structure
// (ErrCorrupted, also for a stored spec that does not match the stored
// tensors).
func Load(path string) (Network, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, errors.Wrap(err, "nets: Load")
	}
	net, err := decodeNetwork(data)
	return net, errors.Wrapf(err, "nets: Load %s", path)
}

// decodeNetwork rebuilds the network a model file's bytes describe.
func decodeNetwork(data []byte) (Network, error) {
	spec, params, err := Decode(data)
	if err != nil {
		return nil, err
	}
	net, err := New(spec, 0)
	if err == nil {
		err = copyParams(net, params)
	}
	if err != nil {
		return nil, errors.Wrapf(ErrCorrupted, "the stored spec does not match the stored tensors: %v", err)
	}
	return net, nil
}

// LoadInto reads a model file into the existing network net. It errors like
// Load, and with ErrArchitecture when the file's params differ from net's in
// names, order, dtype or shapes, listing every difference, for example
// "W1: file has shape (784, 64), network has (784, 128)". On error net is
// unchanged.
func LoadInto(net Network, path string) error {
	if net == nil {
		return errors.New("nets: LoadInto: nil network")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return errors.Wrap(err, "nets: LoadInto")
	}
	_, params, err := Decode(data)
	if err == nil {
		err = copyParams(net, params)
	}
	return errors.Wrapf(err, "nets: LoadInto %s", path)
}

// copyParams checks that params match net's and copies their values.
func copyParams(net Network, params []Param) error {
	own := net.Params()
	var diffs []string
	for i := 0; i < max(len(own), len(params)); i++ {
		switch {
		case i >= len(params):
			diffs = append(diffs, own[i].Name+": missing from the file")
		case i >= len(own):
			diffs = append(diffs, params[i].Name+": in the file, not in the network")
		case own[i].Name != params[i].Name:
			diffs = append(diffs, "param "+strconv.Itoa(i)+": file has "+params[i].Name+", network has "+own[i].Name)
		case own[i].Value.Dtype() != params[i].Value.Dtype():
			diffs = append(diffs, own[i].Name+": file has "+params[i].Value.Dtype().String()+", network has "+own[i].Value.Dtype().String())
		case !graph.SameShape(own[i].Value.Shape(), params[i].Value.Shape()):
			diffs = append(diffs, own[i].Name+": file has shape "+graph.ShapeString(params[i].Value.Shape())+
				", network has "+graph.ShapeString(own[i].Value.Shape()))
		}
	}
	if len(diffs) > 0 {
		return errors.Wrap(ErrArchitecture, strings.Join(diffs, "; "))
	}
	dst, src := ParamValues(net), make([]*tensor.Dense, len(params))
	for i, p := range params {
		src[i] = p.Value
	}
	restore(dst, src)
	return nil
}

// Decode parses the bytes of a model file into its Spec and params. It
// errors like Load, and with ErrCorrupted when a tensor holds NaN or an
// infinity or the spec is invalid or needs another number of weights than
// the file holds; so New(spec) allocates no more than the file's size.
func Decode(data []byte) (Spec, []Param, error) {
	var spec Spec
	le := binary.LittleEndian
	if len(data) < len(Magic) {
		if len(data) > 0 && strings.HasPrefix(Magic, string(data)) {
			return spec, nil, errors.Wrapf(ErrTruncated, "%d bytes, shorter than the header", len(data))
		}
		return spec, nil, errors.Wrapf(ErrForeign, "%d bytes, no %q header", len(data), Magic)
	}
	if string(data[:len(Magic)]) != Magic {
		return spec, nil, errors.Wrapf(ErrForeign, "starts with %q, not %q", printable(data[:len(Magic)]), Magic)
	}
	if len(data) < headerLen {
		return spec, nil, errors.Wrapf(ErrTruncated, "%d bytes, shorter than the %d-byte header", len(data), headerLen)
	}
	if v := le.Uint32(data[len(Magic):]); v != FormatVersion {
		return spec, nil, errors.Wrapf(ErrVersion, "version %d, this build reads %d", v, FormatVersion)
	}
	n := le.Uint64(data[len(Magic)+4:])
	if want := uint64(headerLen) + n + 4; n > uint64(len(data)) || uint64(len(data)) < want {
		return spec, nil, errors.Wrapf(ErrTruncated, "%d bytes, the header announces %d", len(data), want)
	} else if uint64(len(data)) > want {
		return spec, nil, errors.Wrapf(ErrCorrupted, "%d bytes after the end the header announces", uint64(len(data))-want)
	}
	end := len(data) - 4
	if got, want := crc32.ChecksumIEEE(data[:end]), le.Uint32(data[end:]); got != want {
		return spec, nil, errors.Wrapf(ErrCorrupted, "checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	r := &reader{b: data[headerLen:end]}
	if err := json.Unmarshal(r.bytes(int(r.u32())), &spec); err != nil && r.err == nil {
		r.err = errors.Wrapf(ErrCorrupted, "spec: %v", err)
	}
	dt := string(r.bytes(int(r.u8())))
	count := int(r.u32())
	var params []Param
	for i := 0; i < count && r.err == nil; i++ {
		params = append(params, r.tensor(dt))
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d unread bytes at the end of the body", len(r.b))
	}
	if r.err == nil {
		r.err = checkSpec(spec, params)
	}
	return spec, params, r.err
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
