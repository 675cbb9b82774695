package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"

	"github.com/chainrule/chainrule/nets"
)

// modelMeta is what `chainrule train --out FILE` stores inside the model
// file, as its nets.SaveWith settings, so that eval can rebuild the same
// test part without being told the data and seed again: one file, written
// atomically, so the weights and their settings never disagree. Models
// saved before format 2 kept these settings beside the model, in
// FILE.meta.json, which eval still reads for them.
type modelMeta struct {
	Data    string `json:"data"`              // the --data value
	Seed    uint64 `json:"seed"`              // the --seed value (makes the split)
	Classes string `json:"classes,omitempty"` // the --classes value
	// YScale is the regression targets' scale (train divided them by it),
	// which eval recomputes from the training part and checks, so that a
	// data file changed since training is an error, not a wrong RMSE.
	YScale float64 `json:"y_scale,omitempty"`
	// Mean and Std are the per-feature standardisation fitted on the
	// training part (iris), which eval recomputes and checks likewise.
	Mean []float64 `json:"mean,omitempty"`
	Std  []float64 `json:"std,omitempty"`
}

// newMeta returns the settings train stores for data p.
func newMeta(data string, seed uint64, classes string, p *prepared) modelMeta {
	m := modelMeta{Data: data, Seed: seed, Classes: classes, YScale: p.yScale}
	if p.std != nil {
		m.Mean, m.Std = p.std.Mean, p.std.Std
	}
	return m
}

// checkMeta reports an error when data p, loaded again for eval, was not
// prepared as it was when the model was trained: the data changed.
func checkMeta(meta modelMeta, data, model string, p *prepared) error {
	if data != meta.Data {
		return nil
	}
	if meta.YScale != 0 && p.yScale != meta.YScale {
		return fmt.Errorf("eval: %s scales its targets by %v now, by %v when %s was trained: the data changed", data, p.yScale, meta.YScale, model)
	}
	if meta.Mean == nil {
		return nil
	}
	if p.std == nil || !sameFloats(p.std.Mean, meta.Mean) || !sameFloats(p.std.Std, meta.Std) {
		return fmt.Errorf("eval: %s standardises its features differently now than when %s was trained (mean and deviation of the training part): the data changed", data, model)
	}
	return nil
}

// sameFloats reports whether a and b hold the same values bit for bit.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// metaPath is where models saved before format 2 kept their settings.
func metaPath(path string) string { return path + ".meta.json" }

// saveModel writes the model and its settings, in one file, with
// nets.SaveWith. Once it is in place, a FILE.meta.json left by an older
// chainrule beside it is removed: nothing reads it for the new file.
func saveModel(net nets.Network, path string, meta modelMeta) error {
	b, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	if err := nets.SaveWith(net, path, b); err != nil {
		return err
	}
	if fi, err := os.Lstat(metaPath(path)); err == nil && fi.Mode().IsRegular() {
		_ = os.Remove(metaPath(path))
	}
	return nil
}

// loadModel loads the model at path with its settings: those inside the
// file, or, for a file saved without them (format 1), those in
// FILE.meta.json if there is one. ok is false when there are none.
func loadModel(path string) (net nets.Network, meta modelMeta, ok bool, err error) {
	net, settings, err := nets.LoadWith(path)
	if err != nil {
		return nil, meta, false, err
	}
	if settings != nil {
		if err := json.Unmarshal(settings, &meta); err != nil {
			return nil, meta, false, fmt.Errorf("%s: the settings stored in the model: %w", path, err)
		}
		return net, meta, true, nil
	}
	meta, ok, err = loadMeta(path)
	return net, meta, ok, err
}

// loadMeta reads the settings an older chainrule saved beside a model; ok
// is false when there are none.
func loadMeta(path string) (meta modelMeta, ok bool, err error) {
	b, err := os.ReadFile(metaPath(path))
	if os.IsNotExist(err) {
		return meta, false, nil
	}
	if err != nil {
		return meta, false, err
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, false, fmt.Errorf("%s: %w", metaPath(path), err)
	}
	return meta, true, nil
}
