package nets

import (
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestLoadFormat1Fixtures loads files today's writer no longer writes
// (testdata/format1/README.md): their params equal those New draws from
// the same spec and seed, and they carry no settings.
func TestLoadFormat1Fixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		spec Spec
		seed uint64
	}{
		{"ff-iris.model", Spec{Kind: KindFF, Inputs: 4, Hidden: []int{3}, Outputs: 3, Loss: SoftmaxCE}, 5},
		{"rnn-float32.model", Spec{Kind: KindRNN, Inputs: 2, Hidden: []int{3}, Outputs: 1, SeqLen: 3, Dtype: Float32}, 9},
	} {
		path := filepath.Join("testdata", "format1", tc.file)
		if b, _ := os.ReadFile(path); len(b) < headerLen || binary.LittleEndian.Uint32(b[len(Magic):]) != 1 {
			t.Fatalf("%s is not a format-1 file", path)
		}
		net, settings, err := LoadWith(path)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if settings != nil {
			t.Errorf("%s: settings %s from a format-1 file", tc.file, settings)
		}
		want, _ := New(tc.spec, tc.seed)
		if d := specDiffs(want.Spec(), net.Spec()); len(d) > 0 {
			t.Errorf("%s: %v", tc.file, d)
		}
		same, err := New(tc.spec, tc.seed+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := LoadInto(same, path); err != nil {
			t.Fatalf("%s: LoadInto: %v", tc.file, err)
		}
		for _, n := range []Network{net, same} {
			if got, exp := mustEncode(t, n), mustEncode(t, want); string(got) != string(exp) {
				t.Errorf("%s: loaded params differ from New(spec, %d)'s", tc.file, tc.seed)
			}
		}
	}
}

func TestSettingsTravelWithTheModel(t *testing.T) {
	dir := t.TempDir()
	net, _ := New(Spec{Kind: KindFF, Inputs: 4, Hidden: []int{3}, Outputs: 3}, 1)
	path := filepath.Join(dir, "m.model")
	settings := json.RawMessage(`{"data":"iris","seed":7}`)
	if err := SaveWith(net, path, settings); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); binary.LittleEndian.Uint32(b[len(Magic):]) != 2 {
		t.Errorf("Save wrote version %d, want 2", binary.LittleEndian.Uint32(b[len(Magic):]))
	}
	_, got, err := LoadWith(path)
	if err != nil || string(got) != string(settings) {
		t.Fatalf("LoadWith: settings %s (%v), saved %s", got, err, settings)
	}
	if err := Save(net, path); err != nil {
		t.Fatal(err)
	}
	if _, got, err := LoadWith(path); err != nil || got != nil {
		t.Errorf("a file saved without settings gives %s (%v)", got, err)
	}
	if err := SaveWith(net, path, json.RawMessage(`{"data":`)); err == nil {
		t.Error("SaveWith accepted settings that are not JSON")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only the model", len(entries))
	}
}
