package nets

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/internal/atomicfile"
	"github.com/chainrule/chainrule/weights"
)

// namedParams returns the tensors net's exports hold, as the weights
// package names them: its params, then the state a network keeps besides
// them (a CNN's batch-norm running "mean" and "var", by the layers' names,
// "bn1.mean"), since a model without them evaluates differently.
func namedParams(net Network) []weights.Named {
	ps := stored(net)
	out := make([]weights.Named, len(ps))
	for i, p := range ps {
		out[i] = weights.Named{Name: p.Name, Value: p.Value}
	}
	return out
}

// LoadNPZ reads the .npz archive at path (written by numpy.savez,
// numpy.savez_compressed or SaveNPZ) into net's params by name: the
// archive must hold exactly net's params (and a CNN's batch-norm running
// statistics), <name>.npy for each, each of the
// param's dtype and shape, with finite values. Otherwise it errors naming
// the first mismatch (a name missing from the file, a name the network
// does not have, a shape, a dtype) and how many others there are, wrapping
// weights.ErrMismatch, and net is unchanged; an unreadable file is a
// *weights.FormatError naming the file, the member and the byte offset.
// The file is read whole before anything is copied.
func LoadNPZ(net Network, path string) error {
	if isNil(net) {
		return errors.New("nets: LoadNPZ: nil network")
	}
	ts, err := weights.ReadNPZFile(path)
	if err != nil {
		return errors.Wrap(err, "nets: LoadNPZ")
	}
	return errors.Wrapf(weights.Assign(namedParams(net), ts), "nets: LoadNPZ %s", path)
}

// LoadSafetensors reads the safetensors file at path (written by the
// safetensors package's save_file, SaveSafetensors or any writer of the
// format) into net's params by name, as LoadNPZ does: exactly net's
// params (and a CNN's batch-norm statistics), each of its dtype (F32 for a float32 network, F64 for float64)
// and shape, or an error naming the first mismatch and net unchanged. The
// file's metadata is not used.
func LoadSafetensors(net Network, path string) error {
	if isNil(net) {
		return errors.New("nets: LoadSafetensors: nil network")
	}
	ts, _, err := weights.ReadSafetensorsFile(path)
	if err != nil {
		return errors.Wrap(err, "nets: LoadSafetensors")
	}
	return errors.Wrapf(weights.Assign(namedParams(net), ts), "nets: LoadSafetensors %s", path)
}

// SaveSafetensors exports net's params (and a CNN's batch-norm running
// statistics, as SaveNPZ does) to path in the safetensors format
// (weights.WriteSafetensors: sorted by name, F32 or F64, the layout of the
// reference implementation), so that safetensors.torch.load_file(path)
// returns them by param name. Its __metadata__ holds "format": "pt",
// "writer": "chainrule" and "spec", the network's Spec as JSON. It is
// written atomically like Save, and errors like SaveNPZ (a param holding
// NaN or an infinity, a view, a file that cannot be written).
func SaveSafetensors(net Network, path string) error {
	ts, meta, err := safetensorsOf(net, "SaveSafetensors")
	if err != nil {
		return err
	}
	err = atomicfile.Write(path, func(w io.Writer) error { return weights.WriteSafetensors(w, ts, meta) })
	return errors.Wrap(err, "nets: SaveSafetensors")
}

// EncodeSafetensors returns the bytes SaveSafetensors writes, and errors
// like it. The bytes depend on the network alone.
func EncodeSafetensors(net Network) ([]byte, error) {
	ts, meta, err := safetensorsOf(net, "EncodeSafetensors")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := weights.WriteSafetensors(&buf, ts, meta); err != nil {
		return nil, errors.Wrap(err, "nets: EncodeSafetensors")
	}
	return buf.Bytes(), nil
}

// safetensorsOf returns what SaveSafetensors writes for net, checked.
func safetensorsOf(net Network, fn string) ([]weights.Named, map[string]string, error) {
	if isNil(net) {
		return nil, nil, errors.Errorf("nets: %s: nil network", fn)
	}
	spec, err := json.Marshal(net.Spec())
	if err != nil {
		return nil, nil, errors.Wrapf(err, "nets: %s: encoding the spec", fn)
	}
	ts := namedParams(net)
	if err := weights.CheckFinite(ts); err != nil {
		return nil, nil, errors.Wrapf(err, "nets: %s: refusing to export a broken model", fn)
	}
	return ts, map[string]string{"format": "pt", "writer": "chainrule", "spec": string(spec)}, nil
}
