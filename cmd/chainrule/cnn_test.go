package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/nets"
)

// train --net cnn on the 8×8 digits with small blocks: the report names the
// blocks, the model file rebuilds the CNN (batch norm's statistics
// included) and eval on it reports the same accuracy; --plots writes both
// plots; the flags given are the ones used.
func TestTrainCNNSaveEval(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "cnn.model")
	r := trainJSON(t, "--net", "cnn", "--data", "digits", "--channels", "4,8", "--hidden", "16", "--dropout", "0.1",
		"--batch-norm", "--shift", "1", "--epochs", "3", "--lr", "0.01", "--out", model, "--plots", dir)
	if r["net"] != "cnn" || r["layers"] != "1×8×8-c4-c8-16-10 (batch norm) (dropout 0.1)" || r["shift"] != 1.0 || r["solver"] != "adam" {
		t.Fatalf("net %v, layers %v, shift %v, solver %v", r["net"], r["layers"], r["shift"], r["solver"])
	}
	if acc := r["test_accuracy"].(float64); acc < 0.5 {
		t.Fatalf("test accuracy %v after 3 epochs", acc)
	}
	for _, f := range []string{"loss.png", "confusion.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	net, err := nets.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if s := net.Spec(); s.Kind != nets.KindCNN || !s.BatchNorm || len(s.Channels) != 2 || s.Dtype != nets.Float32 {
		t.Fatalf("loaded spec %+v", s)
	}
	e := evalJSON(t, "--model", model)
	if e["test_accuracy"] != r["test_accuracy"] || e["layers"] != r["layers"] {
		t.Fatalf("eval: accuracy %v, layers %v; train said %v, %v", e["test_accuracy"], e["layers"], r["test_accuracy"], r["layers"])
	}
}

// graph --net cnn prints the CNN's graph: the reshape of the rows into
// images, the convolution, the pooling and the params by name.
func TestGraphCNN(t *testing.T) {
	code, out, errs := runCmd(t, "graph", "--net", "cnn", "--grad")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"# cnn: 16 inputs", "Reshape(1, 1, 4, 4)", "conv1.W param  (2, 1, 3, 3)", "MaxPool2D", "out.b param", "# dloss/dconv1.W"} {
		if !strings.Contains(out, want) {
			t.Errorf("graph --net cnn lacks %q:\n%s", want, out)
		}
	}
	if code, out, errs := runCmd(t, "graph", "--net", "cnn", "--in", "64", "--channels", "2,3", "--dot"); code != 0 || !strings.HasPrefix(out, "digraph") {
		t.Errorf("graph --net cnn --in 64 --channels 2,3 --dot: exit %d, stderr %q", code, errs)
	}
}

// A cnn on data that is not images is an error of the run (status 1)
// naming the data and its sample shape.
func TestTrainCNNNeedsImages(t *testing.T) {
	for _, data := range []string{"iris", "airpassengers"} {
		code, out, errs := runCmd(t, "train", "--net", "cnn", "--data", data)
		if code != 1 || out != "" || !strings.Contains(errs, "--net cnn needs image data") || !strings.Contains(errs, data) {
			t.Errorf("--data %s: exit %d, stdout %q, stderr %q", data, code, out, errs)
		}
	}
}
