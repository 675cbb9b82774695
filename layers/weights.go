package layers

import (
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/weights"
)

// The functions of this file move a model's tensors through the files other
// frameworks read, safetensors and NumPy's .npz, under the store's own names
// ("0.W", "2.mean"); ToTorch and FromTorch (torch.go) rename them to a
// PyTorch state_dict's.

// Tensors returns every tensor of the model, params and state, in store
// order, as weights names tensors: the store's own tensors, not copies.
func Tensors(m *Model) []weights.Named {
	if m == nil {
		return nil
	}
	es := m.store.Entries()
	out := make([]weights.Named, 0, len(es))
	for _, e := range es {
		out = append(out, weights.Named{Name: e.Name, Value: e.Value})
	}
	return out
}

// SaveSafetensors writes every param and state tensor of m to path in the
// safetensors format under its store name, F32 or F64 by the model's dtype,
// atomically (the old file or the new one, never a mix). The __metadata__
// holds "format": "pt", "writer": "chainrule" and, when the layer tree can
// be saved (see Save), "layers": the tree as JSON. It errors when m is nil,
// a tensor holds NaN or an infinity, or the file cannot be written.
func SaveSafetensors(m *Model, path string) error {
	ts, err := exportable(m, "SaveSafetensors")
	if err != nil {
		return err
	}
	meta := map[string]string{"format": "pt", "writer": "chainrule"}
	if tree, err := encodeLayer(m.root); err == nil {
		meta["layers"] = string(tree)
	}
	return errors.Wrap(weights.WriteSafetensorsFile(path, ts, meta), "layers: SaveSafetensors")
}

// SaveNPZ writes every param and state tensor of m to path as a NumPy .npz
// archive, <name>.npy for each, atomically; it errors as SaveSafetensors.
func SaveNPZ(m *Model, path string) error {
	ts, err := exportable(m, "SaveNPZ")
	if err != nil {
		return err
	}
	return errors.Wrap(weights.WriteNPZFile(path, ts), "layers: SaveNPZ")
}

// exportable returns m's tensors, checked finite.
func exportable(m *Model, fn string) ([]weights.Named, error) {
	if m == nil {
		return nil, errors.Errorf("layers: %s: nil model", fn)
	}
	ts := Tensors(m)
	if err := weights.CheckFinite(ts); err != nil {
		return nil, errors.Wrapf(err, "layers: %s: refusing to export a broken model", fn)
	}
	return ts, nil
}

// LoadSafetensors reads the safetensors file at path into m's params and
// state by store name (as SaveSafetensors writes them): the file must hold
// exactly m's tensors, each of m's dtype and shape, with finite values.
// Otherwise it errors naming the first mismatch and counting the others,
// wrapping weights.ErrMismatch, and m is unchanged; an unreadable file is a
// *weights.FormatError. Compiled programs see the new values at once. For
// a PyTorch state_dict, read the file with weights.ReadSafetensorsFile and
// call FromTorch.
func LoadSafetensors(m *Model, path string) error {
	if m == nil {
		return errors.New("layers: LoadSafetensors: nil model")
	}
	ts, _, err := weights.ReadSafetensorsFile(path)
	if err != nil {
		return errors.Wrap(err, "layers: LoadSafetensors")
	}
	return errors.Wrapf(weights.Assign(Tensors(m), ts), "layers: LoadSafetensors %s", path)
}

// LoadNPZ reads the .npz archive at path (numpy.savez, savez_compressed or
// SaveNPZ) into m's params and state by name, as LoadSafetensors does.
func LoadNPZ(m *Model, path string) error {
	if m == nil {
		return errors.New("layers: LoadNPZ: nil model")
	}
	ts, err := weights.ReadNPZFile(path)
	if err != nil {
		return errors.Wrap(err, "layers: LoadNPZ")
	}
	return errors.Wrapf(weights.Assign(Tensors(m), ts), "layers: LoadNPZ %s", path)
}
