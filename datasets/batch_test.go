package datasets

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBatchesCoverAndShape(t *testing.T) {
	tests := []struct {
		n, size  int
		dropLast bool
		sizes    []int
	}{
		{10, 4, false, []int{4, 4, 2}},
		{10, 4, true, []int{4, 4}},
		{8, 4, false, []int{4, 4}},
		{3, 4, false, []int{3}},
		{3, 4, true, nil},
		{0, 4, false, nil},
	}
	for _, tc := range tests {
		for _, k := range []int{0, 3} {
			ds := toyDataset(tc.n, k)
			it, err := NewBatches(ds, tc.size, rand.New(rand.NewPCG(3, 4)), tc.dropLast)
			if err != nil {
				t.Fatal(err)
			}
			if it.NumBatches() != len(tc.sizes) {
				t.Errorf("%+v k=%d: NumBatches %d", tc, k, it.NumBatches())
			}
			for epoch := 0; epoch < 2; epoch++ {
				var sizes []int
				seen := map[float64]bool{}
				for it.Next() {
					x, y := it.X(), it.Y()
					b := it.Size()
					sizes = append(sizes, b)
					if x.Shape()[0] != b || y.Shape()[0] != b || len(it.Indices()) != b {
						t.Fatalf("shapes %v %v for batch of %d", x.Shape(), y.Shape(), b)
					}
					for r, i := range it.Indices() { // row r of the batch is sample i
						if x.Float64s()[2*r] != float64(i) || seen[float64(i)] {
							t.Fatalf("batch row %d holds %v, want sample %d once", r, x.Float64s()[2*r], i)
						}
						seen[float64(i)] = true
						if k > 0 && (y.Ints()[r] != i%k || it.OneHot().Float64s()[r*k+i%k] != 1) {
							t.Fatalf("label of sample %d", i)
						}
						if k == 0 && (y.Float64s()[r] != 0.5*float64(i) || it.Mask().Float64s()[r] != float64(i%2)) {
							t.Fatalf("target of sample %d", i)
						}
					}
				}
				if !slices.Equal(sizes, tc.sizes) {
					t.Errorf("%+v k=%d: batch sizes %v", tc, k, sizes)
				}
				if it.X() != nil || it.OneHot() != nil {
					t.Error("buffers visible after the last batch")
				}
				it.Reset()
			}
		}
	}
	if _, err := NewBatches(toyDataset(4, 2), 0, nil, false); err == nil {
		t.Error("batch size 0: no error")
	}
}

func TestBatchesOrderAndReuse(t *testing.T) {
	ds := toyDataset(10, 2)
	it, _ := NewBatches(ds, 4, nil, false)
	var order []int
	first := map[int]any{}
	for it.Next() {
		order = append(order, it.Indices()...)
		if prev, ok := first[it.Size()]; ok && prev != any(it.X()) {
			t.Error("X buffer not reused")
		}
		first[it.Size()] = it.X()
	}
	if !slices.Equal(order, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Errorf("nil rng order %v", order)
	}
	epoch := func(it *Batches) []int {
		var o []int
		for it.Next() {
			o = append(o, it.Indices()...)
		}
		it.Reset()
		return o
	}
	a, _ := NewBatches(ds, 3, rand.New(rand.NewPCG(9, 9)), false)
	b, _ := NewBatches(ds, 3, rand.New(rand.NewPCG(9, 9)), false)
	ea1, eb1, ea2 := epoch(a), epoch(b), epoch(a)
	if !slices.Equal(ea1, eb1) || slices.Equal(ea1, ea2) {
		t.Errorf("epochs: %v %v %v (same seed must agree, Reset must reshuffle)", ea1, eb1, ea2)
	}
}

func TestBatchesAllocateNothing(t *testing.T) {
	ds, err := Digits()
	if err != nil {
		t.Fatal(err)
	}
	it, _ := NewBatches(ds, 64, rand.New(rand.NewPCG(1, 1)), false)
	allocs := testing.AllocsPerRun(5, func() {
		for it.Next() {
			_, _, _ = it.X(), it.Y(), it.OneHot()
		}
		it.Reset()
	})
	if allocs != 0 {
		t.Errorf("an epoch allocates %v times, want 0", allocs)
	}
}

func BenchmarkBatchesDigits64(b *testing.B) {
	ds, err := Digits()
	if err != nil {
		b.Fatal(err)
	}
	it, _ := NewBatches(ds, 64, rand.New(rand.NewPCG(1, 1)), false)
	b.ReportAllocs()
	for b.Loop() {
		if !it.Next() {
			it.Reset()
			continue
		}
		it.OneHot()
	}
}
