package datasets

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMyDatasetsValidate checks that every constructor of the CSV, series,
// text and synthetic files returns a dataset that passes Dataset.Validate,
// including the unlabelled keypoints test set (Y nil).
func TestMyDatasetsValidate(t *testing.T) {
	type ctor func() (*Dataset, error)
	ok := func(d *Dataset) ctor { return func() (*Dataset, error) { return d, nil } }
	tests := map[string]ctor{
		"and": ok(AND()), "or": ok(OR()), "xor": ok(XOR()),
		"spirals":   func() (*Dataset, error) { return Spirals(10, 0.1, 1) },
		"noisysine": func() (*Dataset, error) { return NoisySine(3, 5, 0.1, 1) },
		"windows":   func() (*Dataset, error) { return Windows([]float64{1, 2, 3, 4}, 2, 1) },
		"chars":     func() (*Dataset, error) { return CharWindows([]int{0, 1, 2, 1}, 2, 3) },
		"fer": func() (*Dataset, error) {
			return LoadFER2013File(filepath.Join("testdata", "fer2013", "fer2013.csv"), FERLectureFive)
		},
		"keypoints": func() (*Dataset, error) {
			return LoadKeypointsFile(filepath.Join("testdata", "keypoints", "training.csv"), KeypointsOptions{})
		},
		"keypoints test": func() (*Dataset, error) {
			d, _, err := LoadKeypointsTestFile(filepath.Join("testdata", "keypoints", "test.csv"))
			return d, err
		},
		"split": func() (*Dataset, error) {
			d, _, err := SplitChronological(XOR(), 0.5)
			return d, err
		},
	}
	for name, c := range tests {
		d, err := c()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// An unlabelled dataset can be split and subset, but not batched: batches
// need targets, and the error says so instead of failing later.
func TestUnlabelled(t *testing.T) {
	d, ids, err := LoadKeypointsTestFile(filepath.Join("testdata", "keypoints", "test.csv"))
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := Split(d, 1.0/3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len()+test.Len() != len(ids) || train.Y != nil || test.Y != nil {
		t.Errorf("split of %d unlabelled rows: %d + %d, Y %v %v", len(ids), train.Len(), test.Len(), train.Y, test.Y)
	}
	if _, err := NewBatches(d, 2, nil, false); err == nil || !strings.Contains(err.Error(), "unlabelled") {
		t.Errorf("NewBatches on unlabelled data: %v", err)
	}
	bad := *d
	bad.Classes = []string{"a"}
	if err := bad.Validate(); err == nil {
		t.Error("Y nil with Classes set passed Validate")
	}
}
