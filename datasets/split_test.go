package datasets

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// toyDataset has n samples with features [i, 10*i] and label i%k (or, with
// k == 0, a float64 regression target 0.5*i and a mask).
func toyDataset(n, k int) *Dataset {
	x := make([]float64, 2*n)
	for i := 0; i < n; i++ {
		x[2*i], x[2*i+1] = float64(i), float64(10*i)
	}
	ds := &Dataset{Name: "toy", X: tensor.New(tensor.WithShape(n, 2), tensor.WithBacking(x))}
	if k == 0 {
		y, m := make([]float64, n), make([]float64, n)
		for i := range y {
			y[i], m[i] = 0.5*float64(i), float64(i%2)
		}
		ds.Y = tensor.New(tensor.WithShape(n, 1), tensor.WithBacking(y))
		ds.Mask = tensor.New(tensor.WithShape(n, 1), tensor.WithBacking(m))
		return ds
	}
	y := make([]int, n)
	for i := range y {
		y[i] = i % k
	}
	ds.Y = tensor.New(tensor.WithShape(n), tensor.WithBacking(y))
	ds.Classes = digitClasses[:k]
	return ds
}

func TestSubsetAndShuffle(t *testing.T) {
	ds := toyDataset(6, 0)
	s, err := ds.Subset([]int{4, 1, 4})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.X.Float64s(), []float64{4, 40, 1, 10, 4, 40}) || !slices.Equal(s.Y.Float64s(), []float64{2, 0.5, 2}) ||
		!slices.Equal(s.Mask.Float64s(), []float64{0, 1, 0}) {
		t.Errorf("Subset: %v %v %v", s.X.Float64s(), s.Y.Float64s(), s.Mask.Float64s())
	}
	s.X.Float64s()[0] = -1
	if ds.X.Float64s()[8] != 4 {
		t.Error("Subset shares memory with its source")
	}
	for _, bad := range [][]int{{6}, {-1}} {
		if _, err := ds.Subset(bad); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("Subset(%v): %v", bad, err)
		}
	}
	a, b := toyDataset(50, 3), toyDataset(50, 3)
	a.Shuffle(rand.New(rand.NewPCG(1, 2)))
	b.Shuffle(rand.New(rand.NewPCG(1, 2)))
	if !slices.Equal(a.X.Float64s(), b.X.Float64s()) || !slices.Equal(a.Y.Ints(), b.Y.Ints()) {
		t.Error("same seed, different order")
	}
	for i, y := range a.Y.Ints() { // rows stay aligned
		if x := a.X.Float64s()[2*i]; int(x)%3 != y || a.X.Float64s()[2*i+1] != 10*x {
			t.Fatalf("row %d misaligned: x=%v y=%d", i, x, y)
		}
	}
	if err := a.Shuffle(nil); err == nil {
		t.Error("Shuffle(nil): no error")
	}
}

func TestStratifiedSplit(t *testing.T) {
	ds, err := Digits()
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := StratifiedSplit(ds, 0.2, 42)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len()+test.Len() != ds.Len() {
		t.Fatalf("sizes %d + %d != %d", train.Len(), test.Len(), ds.Len())
	}
	all, tr, te := ds.ClassCounts(), train.ClassCounts(), test.ClassCounts()
	if test.Len() != 359 { // round(0.2*1797)
		t.Errorf("test size %d, want 359", test.Len())
	}
	for c := range all {
		if exact := 0.2 * float64(all[c]); math.Abs(float64(te[c])-exact) >= 1 || tr[c]+te[c] != all[c] {
			t.Errorf("class %d: test %d train %d of %d, want test within 1 of %v", c, te[c], tr[c], all[c], exact)
		}
	}
	if slices.IsSorted(test.Y.Ints()) {
		t.Error("test part is not shuffled")
	}
	// Same seed, same bytes; another seed, another split.
	train2, test2, _ := StratifiedSplit(ds, 0.2, 42)
	if !slices.Equal(train.X.Float64s(), train2.X.Float64s()) || !slices.Equal(test.Y.Ints(), test2.Y.Ints()) {
		t.Error("same seed gave different splits")
	}
	_, test3, _ := StratifiedSplit(ds, 0.2, 43)
	if slices.Equal(test.X.Float64s(), test3.X.Float64s()) {
		t.Error("different seeds gave the same split")
	}
}

func TestSplit(t *testing.T) {
	for _, k := range []int{0, 4} {
		ds := toyDataset(40, k)
		for _, f := range []func(*Dataset, float64, uint64) (*Dataset, *Dataset, error){Split, StratifiedSplit} {
			train, test, err := f(ds, 0.25, 7)
			if err != nil {
				t.Fatal(err)
			}
			if train.Len() != 30 || test.Len() != 10 {
				t.Errorf("k=%d: sizes %d %d", k, train.Len(), test.Len())
			}
			seen := map[float64]bool{} // every sample exactly once
			for _, part := range []*Dataset{train, test} {
				for i := 0; i < part.Len(); i++ {
					seen[part.X.Float64s()[2*i]] = true
				}
			}
			if len(seen) != 40 {
				t.Errorf("k=%d: %d distinct samples, want 40", k, len(seen))
			}
		}
	}
	ds := toyDataset(10, 2)
	for _, frac := range []float64{0, 1, -0.5, math.NaN(), 0.01, 0.99} {
		if _, _, err := StratifiedSplit(ds, frac, 1); err == nil {
			t.Errorf("fraction %v: no error", frac)
		}
	}
	if _, _, err := Split(nil, 0.5, 1); err == nil {
		t.Error("nil dataset: no error")
	}
}
