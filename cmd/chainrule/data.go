package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chainrule/chainrule/datasets"
)

// testFraction is the held-out part of every randomly split dataset.
const testFraction = 0.2

// prepared is a dataset ready for a network: a training part and a test
// part the training never sees, both preprocessed the same way.
type prepared struct {
	name        string // the --data value
	key         string // built-in name or detected format, keys the defaults
	train, test *datasets.Dataset
	series      bool                   // a forecasting set: naive last-value RMSE applies
	steps, feat int                    // RNN layout: time steps × features per step
	yScale      float64                // regression: targets were divided by this; RMSE is multiplied back
	std         *datasets.Standardizer // the feature standardisation fitted on train, or nil
	naiveRMSE   float64                // series: last-value forecast on the test part, original units
	split       string                 // how the test part was made, for the report
	everyStep   bool                   // a target at every step (feat outputs a step)
	text        *textData              // a character-level text, or nil
}

// builtins lists the --data names that need no file.
var builtins = []string{"mnist", "digits", "lfw", "iris", "xor", "and", "or", "spirals", "sine", "airpassengers", "sunspots", "opticks"}

// loadData resolves a --data value: a built-in name, or a path whose
// content (not name) decides the format. seed makes the split; the same
// name and seed always give the same parts. classes is the --classes value:
// "" or "all", or "lecture" for the five expressions of the lecture's slide
// (FER2013 files only).
func loadData(name string, seed uint64, classes string) (*prepared, error) {
	lecture, err := parseClasses(classes)
	if err != nil {
		return nil, err
	}
	key := strings.ToLower(name)
	for _, b := range builtins {
		if key == b {
			if lecture {
				return nil, usagef("--classes lecture applies to FER2013 files, not to %s", key)
			}
			return loadBuiltin(key, seed)
		}
	}
	if _, err := os.Stat(name); err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("unknown data %q: not a built-in (%s) and no such file or directory", name, strings.Join(builtins, ", "))
		}
		return nil, fmt.Errorf("data %q: %w", name, err)
	}
	return loadPath(name, seed, lecture)
}

// parseClasses checks a --classes value and reports whether it asks for the
// lecture's five FER2013 classes.
func parseClasses(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "all":
		return false, nil
	case "lecture":
		return true, nil
	}
	return false, usagef("--classes %q, want all or lecture", s)
}

// loadBuiltin prepares one of the embedded or synthetic sets.
func loadBuiltin(key string, seed uint64) (*prepared, error) {
	switch key {
	case "mnist", "digits", "lfw":
		load, hi := datasets.MNIST, 255.0
		switch key {
		case "digits":
			load, hi = datasets.Digits, 16
		case "lfw": // 200 face / non-face crops, pixels already in [0, 1]
			load, hi = datasets.LFW, 1
		}
		ds, err := load()
		if err != nil {
			return nil, err
		}
		if err := ds.ScaleRange(0.01, 0.99, 0, hi); err != nil {
			return nil, err
		}
		return stratified(key, ds, seed)
	case "iris":
		ds, err := datasets.Iris()
		if err != nil {
			return nil, err
		}
		p, err := stratified(key, ds, seed)
		if err != nil {
			return nil, err
		}
		return p, standardize(p)
	case "xor", "and", "or":
		ds := map[string]func() *datasets.Dataset{"xor": datasets.XOR, "and": datasets.AND, "or": datasets.OR}[key]()
		test, err := ds.Clone()
		if err != nil {
			return nil, err
		}
		return &prepared{name: key, key: key, train: ds, test: test, steps: 2, feat: 1,
			split: "all 4 rows (a truth table has nothing to hold out)"}, nil
	case "spirals":
		ds, err := datasets.Spirals(300, 0.02, seed)
		if err != nil {
			return nil, err
		}
		return stratified(key, ds, seed)
	case "sine":
		return loadSine(seed)
	case "opticks":
		return loadText(key)
	}
	return loadSeries(key)
}

// stratified splits a classification set into a stratified held-out fifth.
func stratified(key string, ds *datasets.Dataset, seed uint64) (*prepared, error) {
	train, test, err := datasets.StratifiedSplit(ds, testFraction, seed)
	if err != nil {
		return nil, err
	}
	p := &prepared{name: key, key: key, train: train, test: test,
		split: fmt.Sprintf("stratified held-out fifth, seed %d", seed)}
	p.steps, p.feat = layout(ds)
	return p, nil
}

// standardize fits per-feature mean and deviation on the training part and
// applies them to both parts.
func standardize(p *prepared) error {
	st, err := datasets.FitStandardizer(p.train)
	if err != nil {
		return err
	}
	p.std = st
	if err := st.Apply(p.train); err != nil {
		return err
	}
	return st.Apply(p.test)
}

// layout returns how an RNN reads one sample: the rows of an image one per
// step, otherwise one feature per step.
func layout(ds *datasets.Dataset) (steps, feat int) {
	if s := ds.SampleShape; len(s) == 2 && s[0] > 0 && s[1] > 0 {
		return s[0], s[1]
	}
	d := 1
	if sh := ds.X.Shape(); len(sh) == 2 {
		d = sh[1]
	}
	return d, 1
}

// loadPath prepares a dataset file or directory, told apart by content. A
// file is opened once and read once: its format is sniffed from a buffered
// prefix of the same stream it is loaded from, so a pipe (--data <(cat
// f.csv)) works. A directory's entries are read by the MNIST loader.
func loadPath(path string, seed uint64, lecture bool) (*prepared, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data %q: %w", path, err)
	}
	defer file.Close()
	var f datasets.Format
	var r io.Reader
	if st, err := file.Stat(); err == nil && st.IsDir() {
		f, err = datasets.DetectFormat(path)
		if err != nil {
			return nil, err
		}
	} else if f, r, err = datasets.DetectReader(file, path); err != nil {
		return nil, err
	}
	if lecture && f != datasets.FormatFER2013 {
		return nil, usagef("--classes lecture applies to FER2013 files; %s is %s", path, f)
	}
	switch f {
	case datasets.FormatMNISTDir:
		return loadMNISTDir(path)
	case datasets.FormatFER2013:
		return loadFER(r, path, seed, lecture)
	case datasets.FormatKeypointsTrain:
		return loadKeypoints(r, path, seed)
	case datasets.FormatKeypointsTest:
		return nil, fmt.Errorf("%s is a keypoints test file (ImageId,Image) without coordinates; train on training.csv", path)
	}
	return nil, fmt.Errorf("%s: unsupported data format %s", path, f)
}
