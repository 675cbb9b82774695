package datasets

import (
	"path/filepath"
	"testing"
)

// TestMyDatasetsValidate checks that every constructor of the CSV, series,
// text and synthetic files returns a dataset that passes Dataset.Validate.
// LoadKeypointsTest is left out: its dataset has no targets (Y nil) by design,
// which Validate rejects.
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
