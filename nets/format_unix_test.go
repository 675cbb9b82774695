//go:build unix

package nets

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// allocDuring returns the bytes allocated while f runs, and how long it
// took.
func allocDuring(f func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, d
}

// TestLoadEndlessAndLyingFiles feeds Load devices, pipes and sparse files
// whose content is endless or shorter than its header says: each must fail
// in well under a second having allocated at most 1 MB.
func TestLoadEndlessAndLyingFiles(t *testing.T) {
	net, _ := New(Spec{Kind: KindFF, Inputs: 3, Hidden: []int{4}, Outputs: 2}, 1)
	good := mustEncode(t, net)
	dir := t.TempDir()
	header := func(body uint64) []byte {
		h := append([]byte(Magic), 2, 0, 0, 0)
		return binary.LittleEndian.AppendUint64(h, body)
	}
	// A regular file of 1 GiB (sparse: no disk, no reads) whose header
	// announces 2 GiB.
	sparse := filepath.Join(dir, "sparse.model")
	if err := os.WriteFile(sparse, header(2<<30), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(sparse, 1<<30); err != nil {
		t.Fatal(err)
	}
	// Pipes: one announcing 1 TiB and streaming zeros, one announcing
	// 512 MiB and ending after 1 KiB, one holding a good model and a byte
	// more.
	fifo := func(name string, content []byte, endless bool) string {
		p := filepath.Join(dir, name)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no fifo: %v", err)
		}
		go func() {
			f, err := os.OpenFile(p, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			defer f.Close()
			if _, err := f.Write(content); err != nil {
				return
			}
			zeros := make([]byte, 64<<10)
			for endless {
				if _, err := f.Write(zeros); err != nil {
					return
				}
			}
		}()
		return p
	}
	tests := []struct {
		name string
		path func() string
		want error
	}{
		{"/dev/zero", func() string { return "/dev/zero" }, ErrForeign},
		{"/dev/urandom", func() string { return "/dev/urandom" }, ErrForeign},
		{"sparse file shorter than its header says", func() string { return sparse }, ErrTruncated},
		{"pipe announcing 1 TiB", func() string { return fifo("tib", header(1<<40), true) }, ErrTooLarge},
		{"pipe ending early", func() string { return fifo("early", append(header(512<<20), make([]byte, 1024)...), false) }, ErrTruncated},
		{"pipe with a trailing byte", func() string { return fifo("trailing", append(good, 0), false) }, ErrCorrupted},
		{"endless pipe after a good model", func() string { return fifo("endless", good, true) }, ErrCorrupted},
	}
	for _, tc := range tests {
		path := tc.path()
		var err error
		alloc, took := allocDuring(func() { _, err = Load(path) })
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if alloc > 1<<20 || took > 500*time.Millisecond {
			t.Errorf("%s: allocated %d bytes in %v before its error, want at most 1 MiB in 0.5 s", tc.name, alloc, took)
		}
	}
	// A good model through a pipe loads.
	p := fifo("good", good, false)
	if back, err := Load(p); err != nil || string(mustEncode(t, back)) != string(good) {
		t.Errorf("a good model through a pipe: %v", err)
	}
}
