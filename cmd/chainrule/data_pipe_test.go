package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ferCSV returns a FER2013 file of 30 rows, 24 Training and 6 PublicTest,
// about 140 KB: more than a pipe's 64 KiB buffer.
func ferCSV() string {
	var b strings.Builder
	b.WriteString("emotion,pixels,Usage\n")
	for i := 0; i < 30; i++ {
		usage := "Training"
		if i >= 24 {
			usage = "PublicTest"
		}
		fmt.Fprintf(&b, "%d,%s,%s\n", 3*(i%2), pixels(48*48, 40+180*(i%2)), usage)
	}
	return b.String()
}

// trainWithin runs train --json on data with a deadline, since a loader that
// opens a pipe a second time blocks for good.
func trainWithin(t *testing.T, data string) map[string]any {
	t.Helper()
	done := make(chan map[string]any, 1)
	go func() {
		code, out, errs := runCmd(t, "train", "--json", "--data", data, "--net", "perceptron", "--epochs", "5", "--batch", "8")
		if code != 0 {
			t.Errorf("train --data %s: exit %d, stderr %q", data, code, errs)
			done <- nil
			return
		}
		var r map[string]any
		decodeOneLine(t, out, &r)
		done <- r
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(30 * time.Second):
		t.Fatalf("train --data %s: no result after 30 s (the path was opened twice?)", data)
	}
	return nil
}

// TestTrainFromPipe reads FER2013 data from a named pipe and from an
// os.Pipe named /dev/fd/N, the path bash's --data <(cat f.csv) passes: the
// stream can be read once only, so the format must be sniffed from the same
// stream it is loaded from.
func TestTrainFromPipe(t *testing.T) {
	text := ferCSV()
	fifo := filepath.Join(t.TempDir(), "fer.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.WriteString(text) // an error (a reader that closed early) shows in the train result
		f.Close()
	}()
	if r := trainWithin(t, fifo); r != nil && (r["train_samples"] != 24.0 || r["test_samples"] != 6.0) {
		t.Errorf("named pipe: parts %v/%v, want 24/6", r["train_samples"], r["test_samples"])
	}

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	go func() {
		pw.WriteString(text)
		pw.Close()
	}()
	dev := fmt.Sprintf("/dev/fd/%d", pr.Fd())
	if _, err := os.Stat(dev); err != nil {
		t.Skipf("no /dev/fd here: %v", err)
	}
	if r := trainWithin(t, dev); r != nil && (r["train_samples"] != 24.0 || r["test_samples"] != 6.0) {
		t.Errorf("%s: parts %v/%v, want 24/6", dev, r["train_samples"], r["test_samples"])
	}
}

// TestTrainOnSymlinkedMNISTDirectory trains on a directory that holds only
// symbolic links to the four IDX files.
func TestTrainOnSymlinkedMNISTDirectory(t *testing.T) {
	target, links := t.TempDir(), t.TempDir()
	writeIDX(t, target, "train", 40)
	writeIDX(t, target, "t10k", 12)
	entries, err := os.ReadDir(target)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Symlink(filepath.Join(target, e.Name()), filepath.Join(links, e.Name())); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	r := trainJSON(t, "--data", links, "--net", "perceptron", "--epochs", "2")
	if r["train_samples"] != 40.0 || r["test_samples"] != 12.0 {
		t.Errorf("parts %v/%v, want 40/12", r["train_samples"], r["test_samples"])
	}
}
