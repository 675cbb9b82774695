package datasets

import (
	"bytes"
	"strings"
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
	const h = "emotion,pixels,Usage\n"
	f.Add([]byte(h + "0,\"1 2 3 4\",Training\n6,255 0 9 10,PrivateTest\n"))
	small := pixelLine(4, 0)
	f.Add([]byte(h + "0,1 2 3 4,Training\n1," + strings.Repeat("1 ", small) + ",Training\n"))      // long line at 2x2
	f.Add([]byte(h + "0,1 2 3 4,Training\n1,\"" + strings.Repeat("1\n", small) + "\",Training\n")) // long quoted record
	f.Add([]byte(h + "0,\"1 2 3 4,Training\n1,1 2 3 4,Training\n2,\"5 6 7 8\",PublicTest\n"))      // quote left open
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
		// One pass into parts holds the same rows as one load of all usages.
		all, err := loadFER(bytes.NewReader(data), "fuzz", FEROptions{}, 2)
		parts, perr := loadFERParts(bytes.NewReader(data), "fuzz", nil, 2,
			[][]FERUsage{{FERTraining}, {FERPublicTest, FERPrivateTest}})
		if (err == nil) != (perr == nil) {
			t.Fatalf("LoadFER2013: %v; parts: %v", err, perr)
		}
		if err != nil {
			wantLine(t, err)
			return
		}
		n := 0
		for _, p := range parts {
			if p != nil {
				n += p.Len()
			}
		}
		if n != all.Len() {
			t.Fatalf("parts hold %d rows, LoadFER2013 %d", n, all.Len())
		}
	})
}
