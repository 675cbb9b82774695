package weights

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// WriteSafetensors writes ts to w in the safetensors format, as the
// reference implementation lays it out: tensors ordered by descending
// element size (F64 before F32), then by name; their data packed with no
// gaps; the JSON header, with meta as its __metadata__ entry (none when
// meta is nil) followed by the tensors in data order, padded with spaces to
// a multiple of 8 bytes. It errors for an empty or repeated name, the name
// __metadata__, a dtype other than float32 or float64, a view, or w's
// error.
func WriteSafetensors(w io.Writer, ts []Named, meta map[string]string) error {
	if err := checkNames(ts); err != nil {
		return err
	}
	order := make([]Named, len(ts))
	for i, t := range ts {
		if err := checkWritable(t); err != nil {
			return err
		}
		if t.Name == metadataKey {
			return errors.Errorf("weights: a tensor may not be named %s", metadataKey)
		}
		order[i] = t
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := itemSize(order[i].Value.Dtype()), itemSize(order[j].Value.Dtype())
		if a != b {
			return a > b
		}
		return order[i].Name < order[j].Name
	})
	hdr, err := safetensorsHeader(order, meta)
	if err != nil {
		return err
	}
	if _, err := w.Write(hdr); err != nil {
		return errors.Wrap(err, "weights: writing the header")
	}
	for _, t := range order {
		if err := writeData(w, t.Value); err != nil {
			return errors.Wrapf(err, "weights: writing %s", t.Name)
		}
	}
	return nil
}

// safetensorsHeader returns the length prefix and JSON header for ts, in
// that order.
func safetensorsHeader(ts []Named, meta map[string]string) ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	if meta != nil {
		m, err := json.Marshal(meta)
		if err != nil {
			return nil, errors.Wrap(err, "weights: encoding the metadata")
		}
		fmt.Fprintf(&b, "%q:%s", metadataKey, m)
	}
	var off int64
	for i, t := range ts {
		if i > 0 || meta != nil {
			b.WriteByte(',')
		}
		name, err := json.Marshal(t.Name)
		if err != nil {
			return nil, errors.Wrapf(err, "weights: encoding the name %q", t.Name)
		}
		dims := make([]string, len(t.Value.Shape()))
		for k, d := range t.Value.Shape() {
			dims[k] = fmt.Sprint(d)
		}
		dt := "F64"
		if t.Value.Dtype() == tensor.Float32 {
			dt = "F32"
		}
		n := int64(t.Value.Size()) * int64(itemSize(t.Value.Dtype()))
		fmt.Fprintf(&b, `%s:{"dtype":"%s","shape":[%s],"data_offsets":[%d,%d]}`, name, dt, strings.Join(dims, ","), off, off+n)
		off += n
	}
	b.WriteByte('}')
	for b.Len()%8 != 0 {
		b.WriteByte(' ')
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(b.Len()))
	return append(out, b.String()...), nil
}
