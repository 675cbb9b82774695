package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestIsTemp(t *testing.T) {
	for _, tc := range []struct {
		name, base string
		want       bool
	}{
		{".m.tmp-1", "m", true},
		{".m.tmp-4294967295", "m", true},
		{".m.tmp-", "m", false},
		{".m.tmp-12a", "m", false},
		{".m.tmp-5.tmp-1", "m", false}, // a temporary of the target m.tmp-5
		{".m.tmp-5.tmp-1", "m.tmp-5", true},
		{"m.tmp-1", "m", false},
		{".m.tmp1", "m", false}, // the pattern metrics used before
		{".mm.tmp-1", "m", false},
		{".other.tmp-1", "m", false},
	} {
		if got := IsTemp(tc.name, tc.base); got != tc.want {
			t.Errorf("IsTemp(%q, %q) = %v, want %v", tc.name, tc.base, got, tc.want)
		}
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m")
	if err := WriteBytes(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := Write(path, func(w io.Writer) error {
		_, _ = w.Write([]byte("ne"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write: %v, want the writer's error", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want 1", len(entries))
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("target holds %q, want \"old\"", b)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v), want 0644", fi.Mode().Perm(), err)
	}
}
