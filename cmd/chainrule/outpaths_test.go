package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/metrics"
)

// snapshot returns every file and directory under dir with its bytes, for
// comparing a directory before and after a command.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			files[p] = "directory"
			return nil
		}
		if d.Type()&os.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			files[p] = "-> " + target
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameSnapshot reports the files that differ between two snapshots.
func sameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s: %s was removed", what, p)
		} else if a != b {
			t.Errorf("%s: %s changed", what, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s was made", what, p)
		}
	}
}

// trainedModel trains a quick iris model into dir/m.model and returns its path.
func trainedModel(t *testing.T, dir string) string {
	t.Helper()
	m := filepath.Join(dir, "m.model")
	trainJSON(t, "--data", "iris", "--epochs", "2", "--out", m)
	return m
}

// TestTrainChecksOutputsBeforeTraining gives train an --out or --plots it
// cannot write, with --data naming nothing: the output error comes first
// (so it is found before loading and training), with status 1 and one
// line naming the flag, and every file stays as it was.
func TestTrainChecksOutputsBeforeTraining(t *testing.T) {
	dir := t.TempDir()
	model := trainedModel(t, dir)
	file := filepath.Join(dir, "file")
	writeFile(t, file, "a file\n")
	plotsWithDir := filepath.Join(dir, "p")
	if err := os.MkdirAll(filepath.Join(plotsWithDir, "loss.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--plots", file}, "--plots " + file + " is not a directory"},
		{[]string{"--plots", filepath.Join(file, "sub", "dir")}, file + " is not a directory"},
		{[]string{"--plots", plotsWithDir}, "loss.png is a directory"},
		{[]string{"--out", dir}, "is a directory"},
		{[]string{"--out", filepath.Join(dir, "no-such-dir", "m.model")}, "no such file or directory"},
		{[]string{"--out", filepath.Join(file, "m.model")}, "not a directory"},
		{[]string{"--out", os.DevNull}, "not a regular file"},
		// Good outputs are not made for a run that fails: no plots directory.
		{[]string{"--plots", filepath.Join(dir, "new", "plots")}, "unknown data"},
	} {
		before := snapshot(t, dir)
		args := append([]string{"train", "--data", "no-such-data", "--json"}, tc.flags...)
		if !slices.Contains(tc.flags, "--out") {
			args = append(args, "--out", model)
		}
		code, out, errs := runCmd(t, args...)
		if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 1 and one line with %q", tc.flags, code, out, errs, tc.want)
		}
		sameSnapshot(t, strings.Join(tc.flags, " "), before, snapshot(t, dir))
	}
}

// TestTrainChecksWritableDirectories makes the output directories read-only;
// root may write anyway, so the test needs another user.
func TestTrainChecksWritableDirectories(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(ro, 0o755) })
	for _, flags := range [][]string{
		{"--out", filepath.Join(ro, "m.model")},
		{"--plots", ro},
		{"--plots", filepath.Join(ro, "new", "plots")},
	} {
		code, _, errs := runCmd(t, append([]string{"train", "--data", "no-such-data"}, flags...)...)
		if code != 1 || !strings.Contains(errs, "cannot") || !strings.Contains(errs, "permission denied") {
			t.Errorf("%q: exit %d, stderr %q", flags, code, errs)
		}
	}
}

// TestTrainRefusesOutputsOverInputs refuses --out or a plot that is the
// data file, however it is spelled (relative, through a symlink, a hard
// link) or an IDX file of a data directory, with status 2 before anything
// is read, and leaves the data as it was.
func TestTrainRefusesOutputsOverInputs(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "fer.csv")
	writeFile(t, data, "emotion,pixels,Usage\n")
	link := filepath.Join(dir, "link.csv")
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Symlink(data, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(data, hard); err != nil {
		t.Fatal(err)
	}
	mnist := filepath.Join(dir, "mnist")
	if err := os.Mkdir(mnist, 0o755); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(mnist, "train-images-idx3-ubyte.gz")
	writeFile(t, idx, "not really IDX")
	plots := filepath.Join(dir, "plots")
	if err := os.Mkdir(plots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(data, filepath.Join(plots, "confusion.png")); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(mustGetwd(t), data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--data", data, "--out", data}, "would overwrite the data set"},
		{[]string{"--data", data, "--out", rel}, "would overwrite the data set"},
		{[]string{"--data", link, "--out", data}, "would overwrite the data set"},
		{[]string{"--data", data, "--out", link}, "would overwrite the data set"},
		{[]string{"--data", data, "--out", hard}, "would overwrite the data set"},
		{[]string{"--data", data, "--out", filepath.Join(dir, ".", "x", "..", "fer.csv")}, "would overwrite the data set"},
		{[]string{"--data", mnist, "--out", idx}, "would overwrite the data set"},
		{[]string{"--data", data, "--plots", plots}, "is the data file"},
		{[]string{"--data", "iris", "--out", filepath.Join(plots, "loss.png"), "--plots", plots}, "is the plot"},
	} {
		before := snapshot(t, dir)
		code, out, errs := runCmd(t, append([]string{"train", "--json"}, tc.flags...)...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and one line with %q", tc.flags, code, out, errs, tc.want)
		}
		sameSnapshot(t, strings.Join(tc.flags, " "), before, snapshot(t, dir))
	}
	// A model beside the data, or in the data directory, is fine.
	trainJSON(t, "--data", "iris", "--epochs", "1", "--out", filepath.Join(mnist, "m.model"))
}

// mustGetwd returns the working directory.
func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// TestFailingTrainLeavesFilesAsTheyWere runs train --out over an existing
// model (and --plots over existing plots) in ways that fail before, during
// and after loading: the model, its settings and the plots stay
// byte-identical and no temporary file is left.
func TestFailingTrainLeavesFilesAsTheyWere(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.model")
	plots := filepath.Join(dir, "plots")
	trainJSON(t, "--data", "iris", "--epochs", "2", "--out", model, "--plots", plots)
	for _, tc := range []struct {
		flags []string
		code  int
	}{
		{[]string{"--data", "iris", "--epochs", "0"}, 2},                                    // a flag value
		{[]string{"--data", "no-such-data"}, 1},                                             // no data
		{[]string{"--data", "iris", "--net", "ff", "--hidden", "3,3"}, 2},                   // a net that does not take the flags
		{[]string{"--data", "sine", "--solver", "sgd", "--lr", "1e10", "--epochs", "3"}, 1}, // training diverges
	} {
		before := snapshot(t, dir)
		args := append([]string{"train", "--out", model, "--plots", plots}, tc.flags...)
		if code, _, errs := runCmd(t, args...); code != tc.code || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want %d and one line", tc.flags, code, errs, tc.code)
		}
		sameSnapshot(t, strings.Join(tc.flags, " "), before, snapshot(t, dir))
	}
}

// TestPlotFailureAfterTrainingKeepsTheRest makes the loss plot fail after
// training: the model is still saved (and loads), the other plot written,
// the report printed with the failure in not_written, and the command
// exits 1 with one line saying what was not written.
func TestPlotFailureAfterTrainingKeepsTheRest(t *testing.T) {
	orig := writeLossPNG
	t.Cleanup(func() { writeLossPNG = orig })
	writeLossPNG = func(string, *metrics.PlotOptions, ...metrics.Series) error {
		return errors.New("disk full")
	}
	dir := t.TempDir()
	model := filepath.Join(dir, "m.model")
	plots := filepath.Join(dir, "new", "plots")
	code, out, errs := runCmd(t, "train", "--data", "iris", "--epochs", "3", "--out", model, "--plots", plots, "--json")
	loss := filepath.Join(plots, "loss.png")
	if code != 1 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "not written: "+loss+" (disk full)") {
		t.Errorf("exit %d, stderr %q; want 1 and one line naming %s", code, errs, loss)
	}
	var r struct {
		Model      string   `json:"model"`
		NotWritten []string `json:"not_written"`
		Accuracy   *float64 `json:"test_accuracy"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report %q: %v", out, err)
	}
	if r.Model != model || len(r.NotWritten) != 1 || !strings.HasPrefix(r.NotWritten[0], loss) || r.Accuracy == nil {
		t.Errorf("report: model %q, not_written %q, accuracy %v", r.Model, r.NotWritten, r.Accuracy)
	}
	if st, err := os.Stat(filepath.Join(plots, "confusion.png")); err != nil || st.Size() == 0 {
		t.Errorf("confusion.png not written: %v", err)
	}
	if _, err := os.Stat(loss); err == nil {
		t.Errorf("%s exists", loss)
	}
	code, ev, errs := runCmd(t, "eval", "--model", model, "--json")
	var e struct {
		Accuracy *float64 `json:"test_accuracy"`
	}
	if code != 0 || json.Unmarshal([]byte(ev), &e) != nil || e.Accuracy == nil || *e.Accuracy != *r.Accuracy {
		t.Errorf("eval of the saved model: exit %d, stderr %q, %s", code, errs, ev)
	}
	// The text report says it too.
	code, txt, _ := runCmd(t, "train", "--data", "iris", "--epochs", "1", "--plots", plots)
	if code != 1 || !bytes.Contains([]byte(txt), []byte("NOT WRITTEN: "+loss)) || !strings.Contains(txt, "test accuracy") {
		t.Errorf("text report: exit %d\n%s", code, txt)
	}
}
