package layers

import (
	"strings"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/weights"
)

// SaveTorch writes ToTorch(m) to path, atomically: as safetensors (with
// __metadata__ {"format": "pt"}) when path ends in ".safetensors", as a
// NumPy archive when it ends in ".npz". PyTorch loads either into the
// equivalent module with load_state_dict(…, strict=True) (see
// docs/interop.md). It errors as ToTorch, on another extension, on NaN or
// an infinity, and when the file cannot be written.
func SaveTorch(m *Model, path string) error {
	write, _, err := torchFormat(path)
	if err != nil {
		return errors.Wrap(err, "layers: SaveTorch")
	}
	ts, err := toTorch(m)
	if err != nil {
		return errors.Wrap(err, "layers: SaveTorch")
	}
	if err := weights.CheckFinite(ts); err != nil {
		return errors.Wrap(err, "layers: SaveTorch: refusing to export a broken model")
	}
	return errors.Wrap(write(path, ts), "layers: SaveTorch")
}

// LoadTorch reads a PyTorch state_dict saved at path (".safetensors" or
// ".npz", by extension) into m with FromTorch: m changes only if every
// tensor fits.
func LoadTorch(m *Model, path string) error {
	_, read, err := torchFormat(path)
	if err != nil {
		return errors.Wrap(err, "layers: LoadTorch")
	}
	if m == nil {
		return errors.New("layers: LoadTorch: nil model")
	}
	ts, err := read(path)
	if err != nil {
		return errors.Wrap(err, "layers: LoadTorch")
	}
	return errors.Wrapf(fromTorch(m, ts), "layers: LoadTorch %s", path)
}

// torchFormat returns the writer and reader of path's format.
func torchFormat(path string) (func(string, []weights.Named) error, func(string) ([]weights.Named, error), error) {
	switch {
	case strings.HasSuffix(path, ".safetensors"):
		return func(p string, ts []weights.Named) error {
				return weights.WriteSafetensorsFile(p, ts, map[string]string{"format": "pt"})
			}, func(p string) ([]weights.Named, error) {
				ts, _, err := weights.ReadSafetensorsFile(p)
				return ts, err
			}, nil
	case strings.HasSuffix(path, ".npz"):
		return weights.WriteNPZFile, weights.ReadNPZFile, nil
	}
	return nil, nil, errors.Errorf("%s: want a name ending in .safetensors or .npz", path)
}
