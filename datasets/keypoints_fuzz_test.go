package datasets

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// kpCheck verifies the invariants of a successfully loaded keypoints dataset.
func kpCheck(t *testing.T, d *Dataset, side int) {
	t.Helper()
	n := d.X.Shape()[0]
	if d.X.Shape()[1] != side*side || d.Y.Shape()[0] != n || d.Mask.Shape()[0] != n || d.Y.Shape()[1] != 30 {
		t.Fatalf("shapes X %v Y %v Mask %v", d.X.Shape(), d.Y.Shape(), d.Mask.Shape())
	}
	y, m := d.Y.Data().([]float64), d.Mask.Data().([]float64)
	for i := range y {
		if (m[i] != 0 && m[i] != 1) || (m[i] == 0 && y[i] != 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			t.Fatalf("Y %v Mask %v at %d", y[i], m[i], i)
		}
	}
}

// FuzzKeypoints feeds arbitrary bytes to the keypoints training and test
// loaders, at the real 96x96 size and at 2x2. The header is optionally
// prepended so that the fuzzer spends its time on rows. The loaders must
// return an error or a consistent dataset, never panic.
func FuzzKeypoints(f *testing.F) {
	row := strings.Repeat("1.5,", 29) + ",0 1 2 3\n"
	f.Add([]byte(row), true)
	f.Add([]byte("ImageId,Image\n1,0 0 0 255\n"), false)
	small := pixelLine(4, 64*30)
	f.Add([]byte(row+strings.Repeat("1.5,", 30)+strings.Repeat("1 ", small)+"\n"), true)         // long line at 2x2
	f.Add([]byte(strings.Repeat("1", small+1)+strings.Repeat(",", 30)+"0 1 2 3\n"), true)        // long coordinate
	f.Add([]byte("ImageId,Image\n1,0 0 0 255\n2,\""+strings.Repeat("1\n", small)+"\"\n"), false) // long quoted record
	f.Add([]byte(row+"\""+row), true)                                                            // quote left open
	f.Fuzz(func(t *testing.T, data []byte, withHeader bool) {
		if withHeader {
			data = append([]byte(keypointsHeader()+"\n"), data...)
		}
		for _, opt := range []KeypointsOptions{{}, {DropIncomplete: true}} {
			if d, err := LoadKeypoints(bytes.NewReader(data), "fuzz", opt); err == nil {
				kpCheck(t, d, 96)
			}
			if d, err := loadKeypoints(bytes.NewReader(data), "fuzz", opt, 2); err == nil {
				kpCheck(t, d, 2)
			} else {
				wantLine(t, err)
			}
		}
		for _, side := range []int{2, 96} {
			d, ids, err := loadKeypointsTest(bytes.NewReader(data), "fuzz", side)
			if err == nil && (len(ids) != d.X.Shape()[0] || d.X.Shape()[1] != side*side || d.Y != nil) {
				t.Fatalf("test set: %d ids, X %v", len(ids), d.X.Shape())
			}
		}
	})
}
