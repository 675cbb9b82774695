package nets

import (
	"bytes"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/weights"
)

// SaveNPZ exports net's params to path as a NumPy .npz archive, so that the
// weights can be used elsewhere: numpy.load(path)["W1"] is the param W1.
// The archive is a zip of one uncompressed <name>.npy per param, in Params
// order, then, for a CNN with batch norm, one per running statistic
// ("bn1.mean", "bn1.var"), without which the model would evaluate
// differently. The file holds the weights only, not the Spec: Load cannot read it.
// It is written atomically like Save (stale temporary files of killed
// exports are removed the same way), and SaveNPZ errors like Save (a param
// holding NaN or an infinity, a file that cannot be written).
func SaveNPZ(net Network, path string) error {
	if net == nil {
		return errors.New("nets: SaveNPZ: nil network")
	}
	data, err := EncodeNPZ(net)
	if err != nil {
		return err
	}
	return errors.Wrap(writeAtomic(path, data), "nets: SaveNPZ")
}

// EncodeNPZ returns the bytes SaveNPZ writes, and errors like it. The bytes depend on the
// weights alone (the zip entries carry no timestamp). The format is
// weights.WriteNPZ's: NPY 1.0, headers padded to 64 bytes and ended by a
// newline as NumPy writes them, elements little-endian in C order.
func EncodeNPZ(net Network) ([]byte, error) {
	if net == nil {
		return nil, errors.New("nets: EncodeNPZ: nil network")
	}
	ts := namedParams(net)
	if err := weights.CheckFinite(ts); err != nil {
		return nil, errors.Wrap(err, "nets: EncodeNPZ: refusing to export a broken model")
	}
	var buf bytes.Buffer
	if err := weights.WriteNPZ(&buf, ts); err != nil {
		return nil, errors.Wrap(err, "nets: EncodeNPZ")
	}
	return buf.Bytes(), nil
}
