//go:build unix

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestWriteRemovesOnlyStaleTemps plants files next to a target and checks
// that the next Write removes exactly the stale temporary files of that
// target: old, unlocked, regular, named by the pattern.
func TestWriteRemovesOnlyStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.model")
	old := time.Now().Add(-2 * StaleAge)
	plant := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plant(".m.model.tmp-111", old)           // stale: removed
	plant(".m.model.tmp-222", old)           // stale: removed
	plant(".m.model.tmp-333", time.Now())    // fresh: kept
	plant(".m.model.tmp-444x", old)          // not our pattern
	plant(".other.model.tmp-555", old)       // another target's
	plant("m.model.tmp-666", old)            // no leading dot
	plant(".m.model.tmp-777.tmp-1", old)     // the target m.model.tmp-777's
	locked := plant(".m.model.tmp-888", old) // in use by a running save
	outside := plant("outside", old)         // a symlink's target
	if err := os.Symlink(outside, filepath.Join(dir, ".m.model.tmp-999")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".m.model.tmp-1000"), 0o755); err != nil {
		t.Fatal(err)
	}
	lf, err := os.Open(locked)
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	if err := unix.Flock(int(lf.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Skipf("no flock on this file system: %v", err)
	}
	if err := WriteBytes(path, []byte("model")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	sort.Strings(got)
	want := []string{".m.model.tmp-1000", ".m.model.tmp-333", ".m.model.tmp-444x", ".m.model.tmp-777.tmp-1",
		".m.model.tmp-888", ".m.model.tmp-999", ".other.model.tmp-555", "m.model", "m.model.tmp-666", "outside"}
	if len(got) != len(want) {
		t.Fatalf("directory holds %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("directory holds %q, want %q", got, want)
		}
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "model" {
		t.Errorf("target holds %q (%v)", b, err)
	}
	// Once its save is over (the lock released), the old file goes too.
	lf.Close()
	if n := RemoveStale(path, time.Now()); n != 1 {
		t.Errorf("RemoveStale after the unlock removed %d files, want 1", n)
	}
	if _, err := os.Lstat(locked); !os.IsNotExist(err) {
		t.Errorf("the unlocked stale file is still there: %v", err)
	}
}

// TestWriteHoldsItsLock checks that a temporary file being written is
// locked, so that a concurrent Write to the same target, judging it even
// an hour later, keeps it.
func TestWriteHoldsItsLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m")
	inside := make(chan string)
	done := make(chan error)
	go func() {
		done <- Write(path, func(w io.Writer) error {
			inside <- w.(*os.File).Name()
			<-inside
			_, err := w.Write([]byte("first"))
			return err
		})
	}()
	tmp := <-inside
	if n := RemoveStale(path, time.Now().Add(time.Hour)); n != 0 {
		t.Errorf("RemoveStale removed %d files while a save was writing", n)
	}
	if err := WriteBytes(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	inside <- ""
	if err := <-done; err != nil {
		t.Fatalf("the first save failed: %v", err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("target holds %q, want the last rename's \"first\"", b)
	}
}
