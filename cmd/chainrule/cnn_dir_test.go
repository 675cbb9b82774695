package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/chainrule/chainrule/datasets"
)

// writeGzipIDX writes an MNIST part of n 28×28 images, gzip'd as the
// official files are: image i is a bright 4-pixel-high bar across rows
// 4+6c..7+6c of class c = i mod 4, on a dim background that varies with i.
func writeGzipIDX(t *testing.T, dir, part string, n int) {
	t.Helper()
	be := binary.BigEndian
	img := be.AppendUint32(nil, datasets.IDXImagesMagic)
	img = be.AppendUint32(be.AppendUint32(be.AppendUint32(img, uint32(n)), 28), 28)
	lab := be.AppendUint32(be.AppendUint32(nil, datasets.IDXLabelsMagic), uint32(n))
	for i := 0; i < n; i++ {
		c := i % 4
		for p := 0; p < 28*28; p++ {
			v := byte((i*7 + p*3) % 40)
			if r := p / 28; r >= 4+6*c && r < 8+6*c {
				v = 240
			}
			img = append(img, v)
		}
		lab = append(lab, byte(c))
	}
	for name, b := range map[string][]byte{part + "-images-idx3-ubyte.gz": img, part + "-labels-idx1-ubyte.gz": lab} {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		if _, err := zw.Write(b); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// train --net cnn --data DIR on a generated directory of the four gzip'd
// IDX files (48 training, 16 t10k images of 28×28): it trains on the train
// files and tests on the t10k ones, with the small-set MNIST defaults
// (batch norm, ±2 px shifts) unless flags say otherwise, learns the bars,
// and eval on the saved model reports the same accuracy.
func TestTrainCNNOnMNISTDirectory(t *testing.T) {
	dir := t.TempDir()
	writeGzipIDX(t, dir, "train", 48)
	writeGzipIDX(t, dir, "t10k", 16)
	model := filepath.Join(t.TempDir(), "cnn.model")
	r := trainJSON(t, "--net", "cnn", "--data", dir, "--channels", "4,8", "--hidden", "16",
		"--epochs", "6", "--batch", "8", "--lr", "0.01", "--out", model)
	if r["train_samples"] != 48.0 || r["test_samples"] != 16.0 || r["split"] != "the directory's t10k files" {
		t.Errorf("parts %v/%v, split %v", r["train_samples"], r["test_samples"], r["split"])
	}
	if r["net"] != "cnn" || r["layers"] != "1×28×28-c4-c8-16-10 (batch norm) (dropout 0.25)" || r["shift"] != 2.0 {
		t.Errorf("net %v, layers %v, shift %v", r["net"], r["layers"], r["shift"])
	}
	if acc := r["test_accuracy"].(float64); acc < 0.75 {
		t.Errorf("test accuracy %v on four bars after 6 epochs", acc)
	}
	e := evalJSON(t, "--model", model)
	if e["test_accuracy"] != r["test_accuracy"] || e["test_samples"] != 16.0 {
		t.Errorf("eval: accuracy %v on %v samples; train said %v", e["test_accuracy"], e["test_samples"], r["test_accuracy"])
	}
}
