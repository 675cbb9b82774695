package datasets

import (
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"testing"
)

// The facts are those shared/data/README.md documents for lfw_subset.npy:
// 200 grayscale 25x25 images, 0..99 faces and 100..199 non-faces, values in
// [0, 1], a version 1.0 header of 70 bytes, 1,000,080 bytes unpacked. The sums
// were computed independently with numpy: a = np.load(...); a.sum(),
// a[0].sum(), a[199].sum().
func TestLFW(t *testing.T) {
	ds, err := LFW()
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	if sh := ds.X.Shape(); sh[0] != 200 || sh[1] != 25*25 || !slices.Equal(ds.SampleShape, []int{25, 25}) {
		t.Fatalf("X %v SampleShape %v, want [200 625] [25 25]", sh, ds.SampleShape)
	}
	if !slices.Equal(ds.Classes, []string{"non-face", "face"}) || !slices.Equal(ds.ClassCounts(), []int{100, 100}) {
		t.Errorf("Classes %v counts %v, want non-face, face 100 each", ds.Classes, ds.ClassCounts())
	}
	ys := ds.Y.Ints()
	for i, y := range ys {
		if want := 1 - i/100; y != want {
			t.Fatalf("sample %d has label %d, want %d (0..99 are faces)", i, y, want)
		}
	}
	xs := ds.X.Float64s()
	var total, first, last float64
	for i, v := range xs {
		if v < 0 || v > 1 {
			t.Fatalf("pixel %d is %v, outside [0, 1]", i, v)
		}
		total += v
		switch i / 625 {
		case 0:
			first += v
		case 199:
			last += v
		}
	}
	if !embNear(total, 47138.23963236471) || !embNear(first, 258.2379094772041) || !embNear(last, 26.871895758173196) {
		t.Errorf("sums %v, first %v, last %v", total, first, last)
	}
	zr, err := gzip.NewReader(bytes.NewReader(lfwNPYGz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil || len(raw) != 1000080 || raw[8] != 70 || raw[9] != 0 {
		t.Errorf("unpacked file: %d bytes, header length bytes % x, %v", len(raw), raw[8:10], err)
	}
	xs[0], ds.Classes[0] = 7, "changed"
	again, err := LFW()
	if err != nil || again.X.Float64s()[0] == 7 || again.Classes[0] != "non-face" || LFWClasses[0] != "non-face" {
		t.Error("a modification of one result is visible in the next")
	}
}
