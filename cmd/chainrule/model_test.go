package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/nets"
)

// format1Model copies the format-1 fixture (nets/testdata/format1: an FF
// 4-3-3 for iris) into dir.
func format1Model(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "nets", "testdata", "format1", "ff-iris.model"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "old.model")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func evalJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errs := runCmd(t, append([]string{"eval", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("eval %v: exit %d, stderr %q", args, code, errs)
	}
	var r map[string]any
	decodeOneLine(t, out, &r)
	return r
}

// TestTrainStoresSettingsInTheModel checks that train --out writes one
// file that carries the data settings, no FILE.meta.json, and that eval
// takes them from the file even with a contradicting meta.json beside it.
func TestTrainStoresSettingsInTheModel(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "iris.model")
	writeFile(t, metaPath(model), `{"data": "xor", "seed": 99}`) // left by an older chainrule
	tr := trainJSON(t, "--data", "iris", "--epochs", "20", "--seed", "4", "--out", model)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "iris.model" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("train --out left %q, want only iris.model", names)
	}
	_, settings, err := nets.LoadWith(model)
	if err != nil {
		t.Fatal(err)
	}
	var meta modelMeta
	if err := json.Unmarshal(settings, &meta); err != nil || meta.Data != "iris" || meta.Seed != 4 || meta.Classes != "all" {
		t.Errorf("settings in the model: %s (%v)", settings, err)
	}
	writeFile(t, metaPath(model), `{"data": "xor", "seed": 99}`)
	ev := evalJSON(t, "--model", model)
	if ev["data"] != "iris" || ev["seed"] != 4.0 || ev["test_accuracy"] != tr["test_accuracy"] {
		t.Errorf("eval: data %v, seed %v, accuracy %v; train: iris, 4, %v", ev["data"], ev["seed"], ev["test_accuracy"], tr["test_accuracy"])
	}
}

// TestEvalFormat1Model evaluates a model saved before format 2: without a
// meta.json it needs --data; with one, eval takes the data and seed from it.
func TestEvalFormat1Model(t *testing.T) {
	dir := t.TempDir()
	model := format1Model(t, dir)
	code, _, errs := runCmd(t, "eval", "--model", model)
	if code != 2 || !strings.Contains(errs, "--data is required") {
		t.Errorf("eval of a format-1 model without meta.json: exit %d, stderr %q", code, errs)
	}
	explicit := evalJSON(t, "--model", model, "--data", "iris", "--seed", "5")
	writeFile(t, metaPath(model), `{"data": "iris", "seed": 5}`)
	ev := evalJSON(t, "--model", model)
	if ev["data"] != "iris" || ev["seed"] != 5.0 || ev["test_accuracy"] != explicit["test_accuracy"] {
		t.Errorf("eval with meta.json: data %v, seed %v, accuracy %v; with the flags: iris, 5, %v",
			ev["data"], ev["seed"], ev["test_accuracy"], explicit["test_accuracy"])
	}
}

// TestFailedSaveLeavesFilesAsTheyWere makes the save fail (a NaN weight)
// over an old model with its meta.json: both stay byte for byte.
func TestFailedSaveLeavesFilesAsTheyWere(t *testing.T) {
	dir := t.TempDir()
	model := format1Model(t, dir)
	writeFile(t, metaPath(model), `{"data": "iris", "seed": 5}`)
	before, _ := os.ReadFile(model)
	net, err := nets.New(nets.Spec{Kind: nets.KindFF, Inputs: 4, Hidden: []int{3}, Outputs: 3}, 1)
	if err != nil {
		t.Fatal(err)
	}
	net.Params()[0].Value.Float64s()[0] = math.Inf(1)
	if err := saveModel(net, model, modelMeta{Data: "iris", Seed: 6}); err == nil {
		t.Fatal("saveModel of a broken network: no error")
	}
	after, _ := os.ReadFile(model)
	meta, _ := os.ReadFile(metaPath(model))
	if string(after) != string(before) || string(meta) != `{"data": "iris", "seed": 5}` {
		t.Error("a failed save changed the model or its meta.json")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the directory holds %d files, want 2", len(entries))
	}
}

// TestEvalRefusesChangedData stores a target scale that the data no
// longer gives: eval says the data changed instead of scoring wrongly.
func TestEvalRefusesChangedData(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "sine.model")
	trainJSON(t, "--data", "sine", "--epochs", "1", "--out", model)
	net, settings, err := nets.LoadWith(model)
	if err != nil {
		t.Fatal(err)
	}
	var meta modelMeta
	if err := json.Unmarshal(settings, &meta); err != nil || meta.YScale != 1 {
		t.Fatalf("settings %s (%v): want y_scale 1 (sine is not rescaled)", settings, err)
	}
	meta.YScale = 2
	if err := saveModel(net, model, meta); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, "eval", "--model", model)
	if code != 1 || !strings.Contains(errs, "the data changed") {
		t.Errorf("eval: exit %d, stderr %q", code, errs)
	}
}

// TestTrainStoresTheStandardisation: iris is standardised with the mean
// and deviation of its training part; the model file carries them, and
// eval refuses data that standardises differently now.
func TestTrainStoresTheStandardisation(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "iris.model")
	trainJSON(t, "--data", "iris", "--epochs", "1", "--out", model)
	net, settings, err := nets.LoadWith(model)
	if err != nil {
		t.Fatal(err)
	}
	var meta modelMeta
	if err := json.Unmarshal(settings, &meta); err != nil {
		t.Fatal(err)
	}
	// Iris has four features, each with a positive spread (iris.rst: the
	// sepal and petal lengths and widths), and means between 1 and 6 cm.
	if len(meta.Mean) != 4 || len(meta.Std) != 4 {
		t.Fatalf("settings %s: want 4 means and 4 deviations", settings)
	}
	for j := range meta.Mean {
		if meta.Mean[j] < 1 || meta.Mean[j] > 6 || meta.Std[j] <= 0 {
			t.Errorf("feature %d: mean %v, std %v", j, meta.Mean[j], meta.Std[j])
		}
	}
	if code, _, errs := runCmd(t, "eval", "--model", model); code != 0 {
		t.Fatalf("eval: exit %d, stderr %q", code, errs)
	}
	meta.Mean[2] += 1e-9
	if err := saveModel(net, model, meta); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, "eval", "--model", model)
	if code != 1 || !strings.Contains(errs, "standardises its features differently") {
		t.Errorf("eval with a changed standardisation: exit %d, stderr %q", code, errs)
	}
}
