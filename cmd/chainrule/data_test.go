package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/datasets"
)

// writeIDX writes an MNIST part of n 4×4 images whose label is the row
// holding the bright pixels (0..3).
func writeIDX(t *testing.T, dir, part string, n int) {
	t.Helper()
	be := binary.BigEndian
	img := be.AppendUint32(nil, datasets.IDXImagesMagic)
	img = be.AppendUint32(be.AppendUint32(be.AppendUint32(img, uint32(n)), 4), 4)
	lab := be.AppendUint32(be.AppendUint32(nil, datasets.IDXLabelsMagic), uint32(n))
	for i := 0; i < n; i++ {
		c := i % 4
		for p := 0; p < 16; p++ {
			v := byte(10 + i%7)
			if p/4 == c {
				v = 250
			}
			img = append(img, v)
		}
		lab = append(lab, byte(c))
	}
	for name, b := range map[string][]byte{part + "-images-idx3-ubyte": img, part + "-labels-idx1-ubyte": lab} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTrainAndEvalOnMNISTDirectory(t *testing.T) {
	dir := t.TempDir()
	writeIDX(t, dir, "train", 80)
	writeIDX(t, dir, "t10k", 20)
	model := filepath.Join(t.TempDir(), "m.model")
	r := trainJSON(t, "--data", dir, "--net", "ff", "--hidden", "8", "--epochs", "30", "--out", model)
	if r["train_samples"] != 80.0 || r["test_samples"] != 20.0 || r["split"] != "the directory's t10k files" {
		t.Errorf("parts %v/%v, split %v", r["train_samples"], r["test_samples"], r["split"])
	}
	code, out, errs := runCmd(t, "eval", "--model", model, "--json")
	var ev map[string]any
	if code != 0 {
		t.Fatalf("eval: exit %d, stderr %q", code, errs)
	}
	decodeOneLine(t, out, &ev)
	if ev["test_accuracy"] != r["test_accuracy"] || ev["test_samples"] != 20.0 {
		t.Errorf("eval %v on %v samples, train reported %v", ev["test_accuracy"], ev["test_samples"], r["test_accuracy"])
	}
	// The model does not fit another data set.
	if code, _, errs := runCmd(t, "eval", "--model", model, "--data", "iris"); code != 1 || strings.Count(errs, "\n") != 1 {
		t.Errorf("eval on iris: exit %d, stderr %q", code, errs)
	}
}

// pixels returns n space-separated pixel values.
func pixels(n, v int) string {
	return strings.TrimSpace(strings.Repeat(fmt.Sprintf("%d ", v), n))
}

func TestTrainOnFER2013CSV(t *testing.T) {
	var b strings.Builder
	b.WriteString("emotion,pixels,Usage\n")
	for i := 0; i < 30; i++ {
		usage := "Training"
		if i >= 24 {
			usage = "PublicTest"
		}
		fmt.Fprintf(&b, "%d,%s,%s\n", 3*(i%2), pixels(48*48, 40+180*(i%2)), usage)
	}
	p := filepath.Join(t.TempDir(), "fer.csv")
	writeFile(t, p, b.String())
	r := trainJSON(t, "--data", p, "--net", "perceptron", "--epochs", "50", "--batch", "8")
	if r["train_samples"] != 24.0 || r["test_samples"] != 6.0 || r["test_accuracy"] != 1.0 {
		t.Errorf("parts %v/%v, accuracy %v", r["train_samples"], r["test_samples"], r["test_accuracy"])
	}
}

func TestTrainOnKeypointsCSV(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Join(datasets.KeypointNames[:], ",") + ",Image\n")
	for i := 0; i < 10; i++ {
		for k := 0; k < 30; k++ {
			if k == 5 && i%2 == 0 {
				b.WriteString(",") // a missing coordinate
				continue
			}
			fmt.Fprintf(&b, "%d,", 30+k+i)
		}
		b.WriteString(pixels(96*96, 10*i) + "\n")
	}
	p := filepath.Join(t.TempDir(), "training.csv")
	writeFile(t, p, b.String())
	r := trainJSON(t, "--data", p, "--net", "ff", "--hidden", "4", "--epochs", "3", "--batch", "4")
	if rmse, ok := r["test_rmse"].(float64); !ok || rmse <= 0 || r["task"] != "regression" {
		t.Errorf("test_rmse %v, task %v", r["test_rmse"], r["task"])
	}
	if _, ok := r["naive_rmse"]; ok {
		t.Error("keypoints report a naive forecast")
	}
	test := filepath.Join(t.TempDir(), "test.csv")
	writeFile(t, test, "ImageId,Image\n1,"+pixels(96*96, 1)+"\n")
	if code, _, errs := runCmd(t, "train", "--data", test); code != 1 || !strings.Contains(errs, "without coordinates") {
		t.Errorf("keypoints test file: exit %d, stderr %q", code, errs)
	}
}

// --classes lecture keeps the slide's five expressions: of emotions 0..6,
// Fear (2) and Neutral (6) are dropped, so 5 of every 7 rows remain.
func TestTrainOnFER2013LectureClasses(t *testing.T) {
	var b strings.Builder
	b.WriteString("emotion,pixels,Usage\n")
	for i := 0; i < 35; i++ {
		usage := "Training"
		if i >= 28 {
			usage = "PrivateTest"
		}
		fmt.Fprintf(&b, "%d,%s,%s\n", i%7, pixels(48*48, 20+30*(i%7)), usage)
	}
	p := filepath.Join(t.TempDir(), "fer.csv")
	writeFile(t, p, b.String())
	r := trainJSON(t, "--data", p, "--classes", "lecture", "--net", "perceptron", "--epochs", "5", "--batch", "4")
	if r["train_samples"] != 20.0 || r["test_samples"] != 5.0 {
		t.Errorf("parts %v/%v, want 20/5", r["train_samples"], r["test_samples"])
	}
	if cm, ok := r["confusion_matrix"].([]any); !ok || len(cm) != 5 {
		t.Errorf("confusion matrix %v, want 5 classes", r["confusion_matrix"])
	}
	if code, _, errs := runCmd(t, "train", "--data", "iris", "--classes", "lecture"); code != 2 || !strings.Contains(errs, "FER2013") {
		t.Errorf("--classes lecture on iris: exit %d, stderr %q", code, errs)
	}
}

// The embedded LFW crops: 200 samples, 100 per class (shared/data/README.md),
// so the stratified fifth holds 20 of each.
func TestTrainAndEvalOnLFW(t *testing.T) {
	p, err := loadData("lfw", 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if tr, te := p.train.ClassCounts(), p.test.ClassCounts(); tr[0] != 80 || tr[1] != 80 || te[0] != 20 || te[1] != 20 ||
		p.steps != 25 || p.feat != 25 {
		t.Errorf("train %v test %v, RNN layout %d×%d", tr, te, p.steps, p.feat)
	}
	model := filepath.Join(t.TempDir(), "lfw.model")
	r := trainJSON(t, "--data", "lfw", "--net", "dff", "--out", model)
	if r["train_samples"] != 160.0 || r["test_samples"] != 40.0 || r["split"] != "stratified held-out fifth, seed 1" {
		t.Errorf("parts %v/%v, split %v", r["train_samples"], r["test_samples"], r["split"])
	}
	if acc, _ := r["test_accuracy"].(float64); acc < 0.9 {
		t.Errorf("DFF test accuracy %v on LFW, want at least 0.9", acc)
	}
	code, out, errs := runCmd(t, "eval", "--model", model, "--json")
	if code != 0 {
		t.Fatalf("eval: exit %d, stderr %q", code, errs)
	}
	var ev map[string]any
	decodeOneLine(t, out, &ev)
	if ev["test_accuracy"] != r["test_accuracy"] {
		t.Errorf("eval %v, train reported %v", ev["test_accuracy"], r["test_accuracy"])
	}
}
