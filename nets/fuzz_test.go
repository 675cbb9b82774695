package nets

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reseal rebuilds a model file around the body of data (the bytes between
// the header and the checksum, or all of data when it is shorter than
// both) with a good magic, version (FormatVersion), length and checksum,
// so that a fuzzed input reaches the parser behind the checksum.
func reseal(data []byte) []byte { return resealAs(data, FormatVersion) }

// resealAs is reseal with the given version in the header.
func resealAs(data []byte, version uint32) []byte {
	body := data
	if len(data) >= headerLen+4 {
		body = data[headerLen : len(data)-4]
	}
	le := binary.LittleEndian
	out := append([]byte(Magic), le.AppendUint32(nil, version)...)
	out = le.AppendUint64(out, uint64(len(body)))
	out = append(out, body...)
	return le.AppendUint32(out, crc32.ChecksumIEEE(out))
}

// fileErrors are the errors Decode and Load may return for bad bytes.
var fileErrors = []error{ErrForeign, ErrVersion, ErrTruncated, ErrCorrupted, ErrParamsOnly}

// checkDecode decodes data and rebuilds the network; an error must be one
// of fileErrors, and a network must encode back to a file that decodes to
// the same network.
func checkDecode(t *testing.T, data []byte) {
	net, err := decodeNetwork(data)
	if err != nil {
		for _, want := range fileErrors {
			if errors.Is(err, want) {
				return
			}
		}
		t.Fatalf("error of no known kind: %v", err)
	}
	enc, err := Encode(net)
	if err != nil {
		t.Fatalf("a decoded network does not encode: %v", err)
	}
	back, err := decodeNetwork(enc)
	if err != nil {
		t.Fatalf("a re-encoded network does not decode: %v", err)
	}
	if again := mustEncode(t, back); !bytes.Equal(enc, again) {
		t.Fatal("decode(encode(net)) differs from net")
	}
}

// FuzzDecode feeds arbitrary bytes to the model loader (Decode, then
// rebuilding the network as Load does), as they are and resealed with a
// good checksum. It must never panic, never allocate beyond the input's
// size, and return only the documented errors.
func FuzzDecode(f *testing.F) {
	for _, spec := range roundTripSpecs {
		net, err := New(spec, 1)
		if err != nil {
			f.Fatal(err)
		}
		enc, err := Encode(net)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc)
	}
	for _, name := range []string{"ff-iris.model", "rnn-float32.model"} {
		b, err := os.ReadFile(filepath.Join("testdata", "format1", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if enc, err := encode(custom(f), json.RawMessage(`{"a":1}`), true); err == nil {
		f.Add(enc)
	} else {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		checkDecode(t, reseal(data))
		checkDecode(t, resealAs(data, 1))
	})
}

// TestDecodeLyingFiles checks files with a good checksum whose content
// lies: a spec for a huge network, NaN weights, a spec of another kind.
func TestDecodeLyingFiles(t *testing.T) {
	net, _ := New(Spec{Kind: KindFF, Inputs: 3, Hidden: []int{4}, Outputs: 2}, 1)
	good := mustEncode(t, net)
	withSpec := func(s Spec) []byte {
		js, _ := json.Marshal(s)
		body := good[headerLen : len(good)-4]
		pre := 2 + int(body[1]) // flags, type
		old := int(binary.LittleEndian.Uint32(body[pre:]))
		nb := binary.LittleEndian.AppendUint32(append([]byte(nil), body[:pre]...), uint32(len(js)))
		nb = append(append(nb, js...), body[pre+4+old:]...)
		return reseal(append(append(make([]byte, headerLen), nb...), 0, 0, 0, 0))
	}
	nan := append([]byte(nil), good...)
	binary.LittleEndian.PutUint64(nan[len(nan)-12:], math.Float64bits(math.NaN())) // the last weight
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"huge spec", withSpec(Spec{Kind: KindFF, Inputs: 1 << 29, Hidden: []int{1 << 29}, Outputs: 2}), "needs"},
		{"overflowing spec", withSpec(Spec{Kind: KindDFF, Inputs: 1 << 62, Hidden: []int{1 << 62}, Outputs: 2}), "needs -1 weights"},
		{"invalid spec", withSpec(Spec{Kind: "cnn", Inputs: 3, Outputs: 2}), `unknown kind "cnn"`},
		// The weights of an RNN do not depend on its length (4·2 + 2 + 2·2 +
		// 2·4 + 4 = 26, the file's), but New unrolls its layers over every
		// step: four million steps would take minutes and 17 GB.
		{"endless rnn", withSpec(Spec{Kind: KindRNN, Inputs: 4, Hidden: []int{2}, Outputs: 4, SeqLen: 1 << 22}), "sequence length 4194304, want 1 to 10000"},
		{"other shapes, same count", withSpec(Spec{Kind: KindFF, Inputs: 5, Hidden: []int{3}, Outputs: 2}), "W1: file has shape (3, 4), network has (5, 3)"},
		{"NaN weight", reseal(nan), "is NaN"},
	}
	for _, tc := range tests {
		_, err := decodeNetwork(tc.data)
		if !errors.Is(err, ErrCorrupted) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrCorrupted saying %q", tc.name, err, tc.want)
		}
	}
	if _, err := decodeNetwork(reseal(good)); err != nil {
		t.Errorf("resealing a good file broke it: %v", err)
	}
}
