package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes a test file.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// trainJSON runs train with --json and decodes its one line.
func trainJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errs := runCmd(t, append([]string{"train", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("train %v: exit %d, stderr %q", args, code, errs)
	}
	var r map[string]any
	decodeOneLine(t, out, &r)
	for _, k := range []string{"net", "data", "epochs", "train_loss", "seconds"} {
		if _, ok := r[k]; !ok {
			t.Errorf("train %v: JSON lacks %q", args, k)
		}
	}
	return r
}

func TestTrainXORReachesFullAccuracy(t *testing.T) {
	r := trainJSON(t, "--data", "xor", "--net", "ff")
	if r["test_accuracy"] != 1.0 {
		t.Errorf("test_accuracy %v, want 1", r["test_accuracy"])
	}
	if cm, ok := r["confusion_matrix"].([]any); !ok || len(cm) != 2 {
		t.Errorf("confusion_matrix %v", r["confusion_matrix"])
	}
	if n := len(r["train_loss"].([]any)); n != int(r["epochs"].(float64)) {
		t.Errorf("%d train losses for %v epochs", n, r["epochs"])
	}
}

func TestTrainIrisEveryNet(t *testing.T) {
	for _, net := range []string{"perceptron", "ff", "dff", "rnn"} {
		r := trainJSON(t, "--data", "iris", "--net", net, "--epochs", "40")
		if acc, _ := r["test_accuracy"].(float64); acc < 0.8 {
			t.Errorf("%s on iris: test_accuracy %v, want >= 0.8", net, r["test_accuracy"])
		}
	}
}

func TestTrainDigitsFewEpochs(t *testing.T) {
	r := trainJSON(t, "--data", "digits", "--net", "dff", "--hidden", "32", "--epochs", "2")
	if acc, _ := r["test_accuracy"].(float64); acc < 0.7 {
		t.Errorf("test_accuracy %v after 2 epochs", r["test_accuracy"])
	}
	if got := r["classes"].([]any); len(got) != 10 {
		t.Errorf("classes %v", got)
	}
}

func TestTrainSeriesReportsRMSE(t *testing.T) {
	for _, net := range []string{"ff", "rnn"} {
		r := trainJSON(t, "--data", "airpassengers", "--net", net, "--epochs", "20")
		rmse, ok1 := r["test_rmse"].(float64)
		naive, ok2 := r["naive_rmse"].(float64)
		if !ok1 || !ok2 || rmse <= 0 || naive <= 0 {
			t.Errorf("%s: test_rmse %v, naive_rmse %v", net, r["test_rmse"], r["naive_rmse"])
		}
		if _, ok := r["test_accuracy"]; ok {
			t.Errorf("%s: regression reports test_accuracy", net)
		}
	}
}

func TestTrainSaveEvalAndPlots(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "iris.model")
	plots := filepath.Join(dir, "plots")
	tr := trainJSON(t, "--data", "iris", "--epochs", "30", "--seed", "3", "--out", model, "--plots", plots)
	for _, f := range []string{model, filepath.Join(plots, "loss.png"), filepath.Join(plots, "confusion.png")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	if _, err := os.Stat(metaPath(model)); !os.IsNotExist(err) {
		t.Errorf("train wrote %s: the settings belong in the model file", metaPath(model))
	}
	code, out, errs := runCmd(t, "eval", "--model", model, "--json")
	if code != 0 {
		t.Fatalf("eval: exit %d, stderr %q", code, errs)
	}
	var ev map[string]any
	decodeOneLine(t, out, &ev)
	if ev["test_accuracy"] != tr["test_accuracy"] || ev["seed"] != 3.0 || ev["data"] != "iris" {
		t.Errorf("eval %v, train %v (seed %v, data %v)", ev["test_accuracy"], tr["test_accuracy"], ev["seed"], ev["data"])
	}
	code, out, _ = runCmd(t, "eval", "--model", model)
	if code != 0 || !strings.Contains(out, "confusion matrix") {
		t.Errorf("eval text: exit %d\n%s", code, out)
	}
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	bogus := filepath.Join(dir, "bogus.model")
	writeFile(t, bogus, "not a model")
	for _, args := range [][]string{
		{"eval", "--model", bogus, "--data", "iris"},
		{"eval", "--model", filepath.Join(dir, "missing"), "--data", "iris"},
		{"eval", "--model", "/dev/zero", "--data", "iris"},    // endless: read up to the header only
		{"eval", "--model", "/dev/urandom", "--data", "iris"}, // endless: read up to the header only
		{"eval", "--model", dir, "--data", "iris"},
	} {
		code, _, errs := runCmd(t, args...)
		if code != 1 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

func TestTrainTextReport(t *testing.T) {
	code, out, errs := runCmd(t, "train", "--data", "and", "--net", "perceptron", "--epochs", "300")
	if code != 0 || !strings.Contains(out, "test accuracy: 100.00 %") || !strings.Contains(out, "precision") {
		t.Errorf("exit %d, stderr %q, output:\n%s", code, errs, out)
	}
}

func TestTrainRejectsBadSettings(t *testing.T) {
	for _, args := range [][]string{
		{"train", "--data", "iris", "--net", "perceptron", "--hidden", "4"},
		{"train", "--data", "iris", "--solver", "lbfgs"},
		{"train", "--data", "iris", "--loss", "hinge"},
		{"train", "--data", "iris", "--epochs", "-1"},
		{"train", "--data", "iris", "--decay", "2"},
		{"train", "--data", "iris", "--l2", "-1"},
		{"train", "--data", "iris", "--net", "ff", "--hidden", "4,4"},
	} {
		if code, _, errs := runCmd(t, args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, errs)
		}
	}
}

func TestTrainDecayAndSolverChoice(t *testing.T) {
	r := trainJSON(t, "--data", "iris", "--solver", "momentum", "--decay", "0.9", "--l2", "0.001", "--epochs", "20")
	if r["decay"] != 0.9 || r["solver"] != "momentum" || r["lr"] != 0.05 || r["l2"] != 0.001 {
		t.Errorf("decay %v, solver %v, lr %v, l2 %v", r["decay"], r["solver"], r["lr"], r["l2"])
	}
	if acc, _ := r["test_accuracy"].(float64); acc < 0.8 {
		t.Errorf("test_accuracy %v", r["test_accuracy"])
	}
}
