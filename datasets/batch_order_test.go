package datasets

import (
	"slices"
	"testing"
)

// TestStreamOrderByHand checks the streams of 7 rows read 2 at a time:
// streams 0–2 and 3–5 (row 6 fills none), read 0, 3, 1, 4, 2, 5.
func TestStreamOrderByHand(t *testing.T) {
	got, err := StreamOrder(7, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 3, 1, 4, 2, 5}; !slices.Equal(got, want) {
		t.Errorf("StreamOrder(7, 2) = %v, want %v", got, want)
	}
	if got, _ := StreamOrder(3, 3); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("StreamOrder(3, 3) = %v", got)
	}
	for _, c := range [][2]int{{3, 0}, {3, 4}, {0, 1}} {
		if _, err := StreamOrder(c[0], c[1]); err == nil {
			t.Errorf("StreamOrder(%d, %d): no error", c[0], c[1])
		}
	}
}

// TestBatchesInOrder checks that the batches follow the order, the same
// at every epoch, carrying each row's features and labels, skipping the
// short last batch, and that bad orders are errors.
func TestBatchesInOrder(t *testing.T) {
	ds := toyDataset(7, 2)
	it, err := NewBatchesInOrder(ds, 2, []int{0, 3, 1, 4, 2, 5, 6})
	if err != nil {
		t.Fatal(err)
	}
	if it.NumBatches() != 3 {
		t.Errorf("%d batches, want 3", it.NumBatches())
	}
	for epoch := 0; epoch < 2; epoch++ {
		var rows []int
		for it.Next() {
			rows = append(rows, it.Indices()...)
			for k, r := range it.Indices() {
				if x := it.X().Float64s()[2*k]; x != float64(r) {
					t.Errorf("epoch %d: row %d holds the features of row %v", epoch, r, x)
				}
				if y := it.Y().Ints()[k]; y != ds.Y.Ints()[r] {
					t.Errorf("epoch %d: row %d has label %d, want %d", epoch, r, y, ds.Y.Ints()[r])
				}
			}
		}
		it.Reset()
		if want := []int{0, 3, 1, 4, 2, 5}; !slices.Equal(rows, want) {
			t.Errorf("epoch %d: rows %v, want %v", epoch, rows, want)
		}
	}
	for _, order := range [][]int{nil, {0}, {0, 7}, {-1, 0}} {
		if _, err := NewBatchesInOrder(ds, 2, order); err == nil {
			t.Errorf("order %v: no error", order)
		}
	}
	if it, err := NewBatchesInOrder(toyDataset(1, 2), 2, []int{0, 0}); err != nil || !it.Next() || !slices.Equal(it.Indices(), []int{0, 0}) {
		t.Errorf("one row read twice in a batch of 2: %v", err)
	}
}
