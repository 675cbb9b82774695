package main

import (
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/datasets"
)

// TestShiftCopies checks that each copy of a 5×5 image is the original
// moved by a whole (dy, dx) in −2..2, the uncovered border the background,
// with the label kept, and that the seed fixes the shifts.
func TestShiftCopies(t *testing.T) {
	img := make([]float64, 25)
	for i := range img {
		img[i] = float64(i + 1)
	}
	ds := &datasets.Dataset{Name: "img", X: tensor.New(tensor.WithShape(1, 25), tensor.WithBacking(img)),
		Y: tensor.New(tensor.WithShape(1), tensor.WithBacking([]int{7})), SampleShape: []int{5, 5}, Classes: make([]string, 8)}
	out, err := shiftCopies(ds, 20, 2, -1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if out.Len() != 21 || ds.Len() != 1 {
		t.Fatalf("%d samples (input now %d), want 21 (and 1)", out.Len(), ds.Len())
	}
	xs, moved := out.X.Float64s(), 0
	for c := 0; c < 21; c++ {
		got := xs[c*25 : (c+1)*25]
		found := false
		for dy := -2; dy <= 2 && !found; dy++ {
			for dx := -2; dx <= 2 && !found; dx++ {
				ok := true
				for r := 0; r < 5; r++ {
					for col := 0; col < 5; col++ {
						want := -1.0
						if sr, sc := r-dy, col-dx; sr >= 0 && sr < 5 && sc >= 0 && sc < 5 {
							want = img[sr*5+sc]
						}
						ok = ok && got[r*5+col] == want
					}
				}
				if ok {
					found = true
					if dy != 0 || dx != 0 {
						moved++
					}
				}
			}
		}
		if !found || out.Y.Ints()[c] != 7 {
			t.Errorf("copy %d (label %d) is no shift of the image: %v", c, out.Y.Ints()[c], got)
		}
	}
	if moved < 15 { // 20 draws, each unmoved with probability 1/25
		t.Errorf("only %d of 20 copies moved", moved)
	}
	again, _ := shiftCopies(ds, 20, 2, -1, 3)
	for i, v := range again.X.Float64s() {
		if v != xs[i] {
			t.Fatalf("seed 3 twice: element %d is %v, then %v", i, xs[i], v)
		}
	}
}
