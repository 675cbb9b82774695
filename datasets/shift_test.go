package datasets

import (
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// shiftOne moves a 3×4 image by (dy, dx), repeating the edge pixels it
// uncovers: worked out by hand.
func TestShiftOneByHand(t *testing.T) {
	s, err := NewShifter([]int{3, 4}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	img := func() []float64 { return []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12} }
	for _, tc := range []struct {
		dy, dx int
		want   []float64
	}{
		{0, 0, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{1, 0, []float64{1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8}},      // down one row
		{0, -1, []float64{2, 3, 4, 4, 6, 7, 8, 8, 10, 11, 12, 12}}, // left one column
		{-1, 2, []float64{5, 5, 5, 6, 9, 9, 9, 10, 9, 9, 9, 10}},   // up one, right two
	} {
		got := img()
		s.shiftOne(got, tc.dy, tc.dx)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Fatalf("shift (%d, %d): %v, want %v", tc.dy, tc.dx, got, tc.want)
			}
		}
	}
}

// spot returns n images of h×w, all zeros but a 1 at (y, x).
func spot(n, h, w, y, x int) *tensor.Dense {
	d := make([]float64, n*h*w)
	for i := 0; i < n; i++ {
		d[i*h*w+y*w+x] = 1
	}
	return tensor.New(tensor.WithShape(n, h*w), tensor.WithBacking(d))
}

// A single bright pixel in the middle of 2,000 images moves by at most max
// rows and columns, every offset in −Max … Max occurs, and each image keeps
// exactly one bright pixel; the same seed gives the same shifts, another
// seed others.
func TestShiftSeededAndBounded(t *testing.T) {
	const n, side, max = 2000, 11, 2
	run := func(seed uint64) []float64 {
		s, err := NewShifter([]int{side, side}, max, seed)
		if err != nil {
			t.Fatal(err)
		}
		x := spot(n, side, side, 5, 5)
		if err := s.Shift(x); err != nil {
			t.Fatal(err)
		}
		return x.Float64s()
	}
	a := run(7)
	seen := map[[2]int]int{}
	for i := 0; i < n; i++ {
		img, ones := a[i*side*side:(i+1)*side*side], 0
		for p, v := range img {
			if v == 0 {
				continue
			}
			ones++
			dy, dx := p/side-5, p%side-5
			if dy < -max || dy > max || dx < -max || dx > max {
				t.Fatalf("image %d moved by (%d, %d), more than %d", i, dy, dx, max)
			}
			seen[[2]int{dy, dx}]++
		}
		if ones != 1 {
			t.Fatalf("image %d has %d bright pixels after the shift", i, ones)
		}
	}
	if len(seen) != (2*max+1)*(2*max+1) {
		t.Fatalf("%d distinct offsets in %d images, want all %d", len(seen), n, (2*max+1)*(2*max+1))
	}
	b, c := run(7), run(8)
	same, diff := true, false
	for i := range a {
		same = same && a[i] == b[i]
		diff = diff || a[i] != c[i]
	}
	if !same || !diff {
		t.Fatalf("seed 7 twice: same %v; seed 8: differs %v", same, diff)
	}
}

// Each channel of a [C, H, W] image moves by the image's one offset.
func TestShiftChannelsTogether(t *testing.T) {
	s, err := NewShifter([]int{3, 5, 5}, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	d := make([]float64, 3*25*50)
	for i := 0; i < 50; i++ {
		for c := 0; c < 3; c++ {
			d[i*75+c*25+12] = 1
		}
	}
	x := tensor.New(tensor.WithShape(50, 75), tensor.WithBacking(d))
	if err := s.Shift(x); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		at := -1
		for c := 0; c < 3; c++ {
			for p := 0; p < 25; p++ {
				if d[i*75+c*25+p] == 1 {
					if at >= 0 && p != at {
						t.Fatalf("image %d: channel %d moved to %d, channel 0 to %d", i, c, p, at)
					}
					at = p
				}
			}
		}
	}
}

func TestShiftErrors(t *testing.T) {
	for _, tc := range []struct {
		shape []int
		max   int
		want  string
	}{
		{[]int{784}, 1, "sample shape [784]"},
		{[]int{0, 5}, 1, "sample shape"},
		{[]int{5, 5}, -1, "-1 pixels"},
		{[]int{5, 5}, MaxShift + 1, "65 pixels"},
	} {
		if _, err := NewShifter(tc.shape, tc.max, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v, %d: %v, want %q", tc.shape, tc.max, err, tc.want)
		}
	}
	var zero *Shifter
	if err := zero.Shift(spot(1, 2, 2, 0, 0)); err == nil || !strings.Contains(err.Error(), "NewShifter") {
		t.Errorf("nil Shifter: %v", err)
	}
	if err := (&Shifter{}).Shift(spot(1, 2, 2, 0, 0)); err == nil || !strings.Contains(err.Error(), "NewShifter") {
		t.Errorf("zero Shifter: %v", err)
	}
	s, _ := NewShifter([]int{2, 2}, 1, 1)
	for _, x := range []*tensor.Dense{nil, tensor.New(tensor.WithShape(2, 5), tensor.Of(tensor.Float64)), tensor.New(tensor.WithShape(2, 4), tensor.Of(tensor.Float32))} {
		if err := s.Shift(x); err == nil || !strings.Contains(err.Error(), "want float64 [B, 4]") {
			t.Errorf("Shift(%v): %v", x, err)
		}
	}
}
