package nets

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/datasets"
)

var roundTripSpecs = []Spec{
	{Kind: KindPerceptron, Inputs: 2, Outputs: 1},
	{Kind: KindFF, Inputs: 2, Hidden: []int{5}, Outputs: 2, Loss: SoftmaxCE, Dtype: Float32},
	{Kind: KindDFF, Inputs: 2, Hidden: []int{4, 3}, Outputs: 2, Activation: Tanh},
	{Kind: KindRNN, Inputs: 1, Hidden: []int{3}, Outputs: 1, SeqLen: 2, Dtype: Float32},
	{Kind: KindLSTM, Inputs: 2, Hidden: []int{3}, Outputs: 2, SeqLen: 3, EveryStep: true, Loss: SoftmaxCE},
	{Kind: KindGRU, Inputs: 1, Hidden: []int{2}, Outputs: 1, SeqLen: 2, Dtype: Float32},
	{Kind: KindLSTM, Inputs: 2, Hidden: []int{3, 4}, Outputs: 2, SeqLen: 3, EveryStep: true, Loss: SoftmaxCE, Dropout: 0.2},
	{Kind: KindGRU, Inputs: 2, Hidden: []int{4, 3}, Outputs: 1, SeqLen: 2},
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, spec := range roundTripSpecs {
		t.Run(string(spec.Kind)+"/"+string(spec.Dtype), func(t *testing.T) {
			net, err := New(spec, 7)
			if err != nil {
				t.Fatal(err)
			}
			ds := datasets.XOR()
			if spec.Kind != KindPerceptron && !spec.Kind.Recurrent() {
				if _, err := Train(net, ds, nil, Config{Epochs: 20, Quiet: true}); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, string(spec.Kind)+".model")
			if err := Save(net, path); err != nil {
				t.Fatal(err)
			}
			back, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			a, b := mustEncode(t, net), mustEncode(t, back)
			if !bytes.Equal(a, b) {
				t.Fatal("re-encoded model differs from the saved one")
			}
			if spec.Kind.Recurrent() { // TestGatedSaveLoadSamePredictions evaluates them
				return
			}
			e1, err1 := Evaluate(net, ds)
			e2, err2 := Evaluate(back, ds)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			for i := range e1.Outputs {
				if e1.Outputs[i] != e2.Outputs[i] {
					t.Fatalf("output %d: %v before saving, %v after loading", i, e1.Outputs[i], e2.Outputs[i])
				}
			}
		})
	}
}

func mustEncode(t *testing.T, net Network) []byte {
	t.Helper()
	b, err := Encode(net)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadBadFiles(t *testing.T) {
	net, err := New(Spec{Kind: KindFF, Inputs: 3, Hidden: []int{4}, Outputs: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	good := mustEncode(t, net)
	flip := append([]byte(nil), good...)
	flip[len(flip)/2] ^= 0x10
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrForeign},
		{"png", []byte("\x89PNG\r\n\x1a\n0000000000000000000000"), ErrForeign},
		{"text", []byte("hello, world, this is not a model"), ErrForeign},
		{"magic only", []byte(Magic[:8]), ErrTruncated},
		{"header only", good[:headerLen], ErrTruncated},
		{"half", good[:len(good)/2], ErrTruncated},
		{"no checksum", good[:len(good)-4], ErrTruncated},
		{"bit flip", flip, ErrCorrupted},
		{"trailing", append(append([]byte(nil), good...), 0), ErrCorrupted},
		{"version 3", append(append([]byte(Magic), 3, 0, 0, 0), good[len(Magic)+4:]...), ErrVersion},
		{"version 0", append(append([]byte(Magic), 0, 0, 0, 0), good[len(Magic)+4:]...), ErrVersion},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Load: %v, want %v", err, tc.want)
			}
			if err := LoadInto(net, path); !errors.Is(err, tc.want) {
				t.Fatalf("LoadInto: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestLoadIntoOtherArchitecture(t *testing.T) {
	small, _ := New(Spec{Kind: KindFF, Inputs: 784, Hidden: []int{64}, Outputs: 10}, 1)
	big, _ := New(Spec{Kind: KindFF, Inputs: 784, Hidden: []int{128}, Outputs: 10}, 1)
	path := filepath.Join(t.TempDir(), "small.model")
	if err := Save(small, path); err != nil {
		t.Fatal(err)
	}
	before := mustEncode(t, big)
	err := LoadInto(big, path)
	if !errors.Is(err, ErrArchitecture) || !strings.Contains(err.Error(), "W1: file has shape (784, 64), network has (784, 128)") {
		t.Fatalf("LoadInto: %v", err)
	}
	if !bytes.Equal(before, mustEncode(t, big)) {
		t.Error("LoadInto changed the network on error")
	}
	other, _ := New(Spec{Kind: KindDFF, Inputs: 784, Hidden: []int{64, 32}, Outputs: 10}, 1)
	if err := LoadInto(other, path); err == nil || !strings.Contains(err.Error(), "W3: missing from the file") {
		t.Fatalf("LoadInto DFF: %v", err)
	}
}

func TestSaveRefusesBrokenWeights(t *testing.T) {
	net, _ := New(Spec{Kind: KindPerceptron, Inputs: 2, Outputs: 1}, 1)
	net.Params()[0].Value.Float64s()[1] = math.NaN()
	path := filepath.Join(t.TempDir(), "broken.model")
	if err := Save(net, path); err == nil || !strings.Contains(err.Error(), "W[1] is NaN") {
		t.Fatalf("Save: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was written: %v", err)
	}
}

func TestSameSeedSameWeights(t *testing.T) {
	for _, spec := range roundTripSpecs {
		a, _ := New(spec, 42)
		b, _ := New(spec, 42)
		c, _ := New(spec, 43)
		if !bytes.Equal(mustEncode(t, a), mustEncode(t, b)) {
			t.Errorf("%s: same seed, different weights", spec.Kind)
		}
		if bytes.Equal(mustEncode(t, a), mustEncode(t, c)) {
			t.Errorf("%s: seeds 42 and 43 give the same weights", spec.Kind)
		}
	}
}
