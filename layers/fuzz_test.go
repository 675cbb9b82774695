package layers_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/layers"
)

// FuzzDecode feeds damaged model files to Decode: it must return a model or
// an error, never panic or allocate what a damaged length claims.
func FuzzDecode(f *testing.F) {
	for _, root := range []layers.Layer{
		layers.Seq(&layers.Linear{Out: 3}, &layers.BatchNorm{}, layers.ReLU{}),
		layers.Seq(&residual{Inner: &layers.LayerNorm{}, Scale: 2}, &layers.GELU{}),
	} {
		m, err := layers.NewModel(root, layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 3}, Seed: 1})
		if err != nil {
			f.Fatal(err)
		}
		b, err := layers.Encode(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := layers.Decode(b)
		if err == nil && m == nil {
			t.Fatal("nil model without an error")
		}
	})
}

// frame wraps a body as Encode does: magic, version, length, CRC.
func frame(body []byte) []byte {
	le := binary.LittleEndian
	out := append([]byte(layers.Magic), le.AppendUint32(nil, layers.FormatVersion)...)
	out = le.AppendUint64(out, uint64(len(body)))
	out = append(out, body...)
	return le.AppendUint32(out, crc32.ChecksumIEEE(out))
}

// body returns the body of an encoded model.
func body(b []byte) []byte { return b[len(layers.Magic)+12 : len(b)-4] }

// FuzzDecodeBody fuzzes the body behind a valid frame, so that mutations
// reach the header JSON and the tensors past the checksum.
func FuzzDecodeBody(f *testing.F) {
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 3}, &layers.BatchNorm{}), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 3}, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	b, err := layers.Encode(m)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(body(b))
	for _, c := range []struct {
		root layers.Layer
		spec layers.Spec
	}{
		{cnn(true), layers.Spec{Dtype: tensor.Float32, Input: []int{-1, 1, 8, 8}, Seed: 1}},
		{layers.Seq(&layers.Embedding{Vocab: 4, Dim: 2}, &layers.Dropout{P: 0.5}), layers.Spec{Dtype: tensor.Float64, InputDtype: tensor.Int, Input: []int{-1, 3}, Seed: 1}},
	} {
		m, err := layers.NewModel(c.root, c.spec)
		if err != nil {
			f.Fatal(err)
		}
		b, err := layers.Encode(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body(b))
	}
	f.Fuzz(func(t *testing.T, bd []byte) {
		if m, err := layers.Decode(frame(bd)); err == nil && m == nil {
			t.Fatal("nil model without an error")
		}
	})
}

// A header whose hyperparameter claims a huge layer (with a valid checksum)
// is refused when the layer asks for its param, before the param is
// allocated: Load takes tensors from the file and never initialises one.
func TestDecodeHugeHyperparameter(t *testing.T) {
	m, err := layers.NewModel(&layers.Linear{Out: 3}, layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := layers.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	bd := body(b)
	le := binary.LittleEndian
	hdr := bd[4 : 4+le.Uint32(bd)]
	big := bytes.Replace(hdr, []byte(`"Out":3`), []byte(`"Out":1000000000`), 1)
	if bytes.Equal(big, hdr) {
		t.Fatalf("header %s has no Out", hdr)
	}
	nb := append(le.AppendUint32(nil, uint32(len(big))), big...)
	nb = append(nb, bd[4+len(hdr):]...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = layers.Decode(frame(nb))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), `param "W" has shape (4, 3) in the file, the model asks for [4 1000000000]`) {
		t.Fatalf("error %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Fatalf("decoding allocated %d bytes", n)
	}
}

// A file whose seeds do not match the rebuilt model's (checksum valid) is
// refused, naming the seed.
func TestDecodeSeeds(t *testing.T) {
	m, err := layers.NewModel(layers.Seq(&layers.Linear{Out: 2}, &layers.Dropout{P: 0.5}), layers.Spec{Dtype: tensor.Float64, Input: []int{-1, 3}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := layers.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	bd := body(b)
	le := binary.LittleEndian
	hdr := bd[4 : 4+le.Uint32(bd)]
	for _, c := range []struct{ from, to, want string }{
		{`"name":"1.seed"`, `"name":"1.seex"`, `the model asks for seed "1.seed", which the file lacks`},
		{`"seeds":[`, `"seeds":[{"name":"0.seed","value":3},`, "the file has 2 seeds, the model 1"},
	} {
		h := bytes.Replace(hdr, []byte(c.from), []byte(c.to), 1)
		if bytes.Equal(h, hdr) {
			t.Fatalf("header %s has no %s", hdr, c.from)
		}
		nb := append(le.AppendUint32(nil, uint32(len(h))), h...)
		nb = append(nb, bd[4+len(hdr):]...)
		if _, err := layers.Decode(frame(nb)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.to, err, c.want)
		}
	}
}
