package datasets

import (
	"bytes"
	"testing"
)

// ferCheck verifies the invariants of a successfully loaded FER dataset.
func ferCheck(t *testing.T, d *Dataset, side, classes int) {
	t.Helper()
	n := d.X.Shape()[0]
	if d.X.Shape()[1] != side*side || d.Y.Shape()[0] != n || len(d.Classes) != classes {
		t.Fatalf("shapes X %v Y %v, %d classes", d.X.Shape(), d.Y.Shape(), len(d.Classes))
	}
	for _, v := range d.X.Data().([]float64) {
		if v < 0 || v > 255 || v != float64(int(v)) {
			t.Fatalf("pixel %v", v)
		}
	}
	for _, c := range d.Y.Data().([]int) {
		if c < 0 || c >= classes {
			t.Fatalf("class %d of %d", c, classes)
		}
	}
}

// FuzzFER2013 feeds arbitrary bytes to the FER2013 loader, both at the real
// 48x48 size and at 2x2 so that the fuzzer can reach valid rows cheaply. The
// loader must return an error or a consistent dataset, never panic.
func FuzzFER2013(f *testing.F) {
	f.Add([]byte("emotion,pixels,Usage\n0,\"1 2 3 4\",Training\n6,255 0 9 10,PrivateTest\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if d, err := LoadFER2013(bytes.NewReader(data), "fuzz", FEROptions{}); err == nil {
			ferCheck(t, d, 48, 7)
		}
		for _, opt := range []FEROptions{{}, FERLectureFive, {Usages: []FERUsage{FERPublicTest}, Emotions: []int{6, 0}}} {
			d, err := loadFER(bytes.NewReader(data), "fuzz", opt, 2)
			if err != nil {
				if len(err.Error()) < 10 || err.Error()[:10] != "datasets: " {
					t.Fatalf("error without prefix: %v", err)
				}
				continue
			}
			k := len(opt.Emotions)
			if k == 0 {
				k = 7
			}
			ferCheck(t, d, 2, k)
		}
	})
}
