package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/chainrule/chainrule/metrics"
	"github.com/chainrule/chainrule/nets"
)

// plotNames are the files train --plots writes into its directory.
var plotNames = []string{"loss.png", "confusion.png"}

// writeLossPNG and writeHeatmapPNG write train's plots; tests replace them
// to make a plot fail after training.
var (
	writeLossPNG    = metrics.WriteLossCurvePNG
	writeHeatmapPNG = metrics.WriteHeatmapPNG
)

// checkOutputs checks, before anything is loaded or trained, that train
// can write its outputs and that none of them is one of its inputs:
//
//   - out (when set) is not a directory or a device, and its directory
//     exists and takes a new file (probed by creating and removing one);
//   - plots (when set) is a directory, or can be made in its nearest
//     existing ancestor, which takes a new file; no plot file in it is a
//     directory;
//   - neither out nor a plot file is the --data file or an IDX file of a
//     --data directory (after following symlinks: os.SameFile), and out is
//     not a plot file.
//
// An output the file system refuses is a failure (status 1); outputs that
// collide with the inputs or each other are a usage error (status 2).
func checkOutputs(out, plots, data string) error {
	inputs := dataFiles(data)
	if out != "" {
		if err := checkOutFile(out); err != nil {
			return err
		}
		for _, in := range inputs {
			if samePath(out, in) {
				return usagef("--out %s is the data file %s: saving the model would overwrite the data set", out, in)
			}
		}
	}
	if plots == "" {
		return nil
	}
	if err := checkPlotsDir(plots); err != nil {
		return err
	}
	for _, name := range plotNames {
		pf := filepath.Join(plots, name)
		if out != "" && samePath(out, pf) {
			return usagef("--out %s is the plot %s that --plots writes", out, pf)
		}
		for _, in := range inputs {
			if samePath(pf, in) {
				return usagef("--plots %s: the plot %s is the data file %s", plots, pf, in)
			}
		}
	}
	return nil
}

// checkOutFile checks that a model can be saved at path.
func checkOutFile(path string) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("--out %s is a directory; name the model file", path)
	case err == nil && !st.Mode().IsRegular():
		return fmt.Errorf("--out %s is not a regular file (%s)", path, st.Mode().Type())
	case err != nil && !missing(err):
		return fmt.Errorf("--out %s: %w", path, bare(err))
	}
	if err := probeDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	return nil
}

// checkPlotsDir checks that dir is, or can be made as, a directory that
// takes the plot files.
func checkPlotsDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("--plots %s is not a directory", dir)
	case err == nil:
		for _, name := range plotNames {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.IsDir() {
				return fmt.Errorf("--plots %s: %s is a directory", dir, name)
			}
		}
		if err := probeDir(dir); err != nil {
			return fmt.Errorf("--plots %s: %w", dir, err)
		}
		return nil
	case !missing(err):
		return fmt.Errorf("--plots %s: %w", dir, bare(err))
	}
	for a := filepath.Dir(dir); ; a = filepath.Dir(a) { // nearest existing ancestor
		st, err := os.Stat(a)
		switch {
		case err == nil && !st.IsDir():
			return fmt.Errorf("--plots %s: %s is not a directory", dir, a)
		case err == nil:
			if err := probeDir(a); err != nil {
				return fmt.Errorf("--plots %s cannot be made: %w", dir, err)
			}
			return nil
		case !missing(err):
			return fmt.Errorf("--plots %s: %w", dir, bare(err))
		}
		if filepath.Dir(a) == a {
			return fmt.Errorf("--plots %s: no ancestor directory exists", dir)
		}
	}
}

// probeDir checks that dir is a directory in which a file can be made, by
// making one and removing it.
func probeDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("directory %s: %w", dir, bare(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, ".chainrule-probe-*")
	if err != nil {
		return fmt.Errorf("cannot write in directory %s: %w", dir, bare(err))
	}
	name := f.Name()
	cerr := f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("cannot remove the probe file %s: %w", name, bare(err))
	}
	return cerr
}

// missing reports whether err says that a path does not exist, also when
// one of its directories is a file (ENOTDIR).
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// bare strips the operation and path from a *fs.PathError, which the
// callers' messages already name.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dataFiles returns the files train reads for a --data value: none for a
// built-in name (or a path that does not exist: loadData reports it), the
// file itself, or the IDX files ("*-ubyte*") of a directory.
func dataFiles(data string) []string {
	for _, b := range builtins {
		if strings.ToLower(data) == b {
			return nil
		}
	}
	st, err := os.Stat(data)
	if err != nil {
		return nil
	}
	if !st.IsDir() {
		return []string{data}
	}
	entries, err := os.ReadDir(data)
	if err != nil {
		return nil
	}
	var files []string
	for _, e := range entries {
		if strings.Contains(strings.ToLower(e.Name()), "-ubyte") {
			files = append(files, filepath.Join(data, e.Name()))
		}
	}
	return files
}

// samePath reports whether a and b name the same file: os.SameFile when
// both exist, else the same absolute path once the symlinks of their
// directories are resolved.
func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	if errA == nil || errB == nil {
		return false // one exists, the other does not
	}
	return resolved(a) == resolved(b)
}

// resolved is path made absolute with its directory's symlinks resolved
// (as far as the directory exists).
func resolved(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	dir, base := filepath.Split(abs)
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(d, base)
	}
	return abs
}

// writePlots writes loss.png and, for classification, confusion.png into
// dir (made if needed) after training, and returns what it could not
// write, each with the reason; every plot it can write is written.
func writePlots(dir string, net nets.Network, hist *nets.History, res *result) []string {
	if dir == "" || len(hist.TrainLoss) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return []string{fmt.Sprintf("plots %s (%v)", dir, bare(err))}
	}
	var failed []string
	series := []metrics.Series{{Name: "train", Values: hist.TrainLoss}}
	if len(hist.TestLoss) > 0 {
		series = append(series, metrics.Series{Name: "test", Values: hist.TestLoss})
	}
	opt := &metrics.PlotOptions{Title: "Loss (" + string(net.Spec().Kind) + ")"}
	note := func(path string, err error) {
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s (%s)", path, oneLine(err.Error())))
		}
	}
	lossPath := filepath.Join(dir, plotNames[0])
	note(lossPath, writeLossPNG(lossPath, opt, series...))
	if res.confusion != nil {
		heatPath := filepath.Join(dir, plotNames[1])
		note(heatPath, writeHeatmapPNG(heatPath, res.confusion, nil))
	}
	return failed
}
