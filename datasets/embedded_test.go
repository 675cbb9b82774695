package datasets

import (
	"math"
	"slices"
	"testing"
)

// Expected values were computed independently of this package with Python 3
// (gzip + struct / float parsing on the files in shared/data), e.g.
//
//	px = gzip.open("mnist-npm10k-images-idx3-ubyte.gz").read()[16:]
//	sum(px), sum(px[:784]), sum(px[-784:]), sum(px[5000*784:5001*784])
//
// and for digits sum(int(v) for row in csv for v in row[:64]); for iris the
// column sums of the four features.
func TestEmbedded(t *testing.T) {
	tests := []struct {
		name        string
		load        func() (*Dataset, error)
		n, d        int
		sampleShape []int
		classes     []string
		counts      []int
		firstLabel  int
		lastLabel   int
		total       float64 // sum of all features
		firstSum    float64 // sum of the features of sample 0
	}{
		{"mnist", MNIST, 10000, 784, []int{28, 28}, digitClasses,
			[]int{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, 0, 9, 262146600, 31095},
		{"digits", Digits, 1797, 64, []int{8, 8}, digitClasses,
			[]int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, 0, 8, 561718, 294},
		{"iris", Iris, 150, 4, []int{4}, []string{"setosa", "versicolor", "virginica"},
			[]int{50, 50, 50}, 0, 2, 876.5 + 458.6 + 563.7 + 179.9, 5.1 + 3.5 + 1.4 + 0.2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := tc.load()
			if err != nil {
				t.Fatal(err)
			}
			if err := ds.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := ds.X.Shape(); got[0] != tc.n || got[1] != tc.d || ds.Len() != tc.n {
				t.Fatalf("X shape %v, want [%d %d]", got, tc.n, tc.d)
			}
			if !slices.Equal(ds.SampleShape, tc.sampleShape) || !slices.Equal(ds.Classes, tc.classes) {
				t.Errorf("SampleShape %v Classes %v", ds.SampleShape, ds.Classes)
			}
			if got := ds.ClassCounts(); !slices.Equal(got, tc.counts) {
				t.Errorf("ClassCounts %v, want %v", got, tc.counts)
			}
			ys := ds.Y.Ints()
			if ys[0] != tc.firstLabel || ys[len(ys)-1] != tc.lastLabel {
				t.Errorf("first/last label %d/%d, want %d/%d", ys[0], ys[len(ys)-1], tc.firstLabel, tc.lastLabel)
			}
			xs := ds.X.Float64s()
			total, first := 0.0, 0.0
			for i, v := range xs {
				total += v
				if i < tc.d {
					first += v
				}
			}
			if !embNear(total, tc.total) || !embNear(first, tc.firstSum) {
				t.Errorf("feature sums %v (first sample %v), want %v (%v)", total, first, tc.total, tc.firstSum)
			}
			// Callers own the result: changing it must not leak into the next call.
			xs[0], ys[0], ds.Classes[0] = 1e9, 7, "changed"
			again, err := tc.load()
			if err != nil {
				t.Fatal(err)
			}
			if again.X.Float64s()[0] == 1e9 || again.Y.Ints()[0] != tc.firstLabel || again.Classes[0] != tc.classes[0] {
				t.Error("a modification of one result is visible in the next")
			}
		})
	}
}

func TestMNISTSampleSums(t *testing.T) {
	ds, err := MNIST()
	if err != nil {
		t.Fatal(err)
	}
	// Python: sum(px[-784:]) == 19255, sum(px[5000*784:5001*784]) == 27509,
	// label of sample 5000 == 4; pixel values are bytes, so 0..255.
	for _, tc := range []struct{ i, sum, label int }{{9999, 19255, 9}, {5000, 27509, 4}} {
		s := 0.0
		for _, v := range ds.X.Float64s()[tc.i*784 : (tc.i+1)*784] {
			if v < 0 || v > 255 || v != float64(int(v)) {
				t.Fatalf("pixel %v of sample %d is not a byte value", v, tc.i)
			}
			s += v
		}
		if s != float64(tc.sum) || ds.Y.Ints()[tc.i] != tc.label {
			t.Errorf("sample %d: sum %v label %d, want %d %d", tc.i, s, ds.Y.Ints()[tc.i], tc.sum, tc.label)
		}
	}
}

func embNear(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1e-9*(1+math.Abs(b))
}
