package ops

import "testing"

// The draws are SplitMix64's outputs: its published reference outputs for
// seed 0 (Vigna's splitmix64.c; also java.util.SplittableRandom's mixing)
// and for seed 1234567, computed from the C definition by hand in Python.
func TestDropoutDrawsAreSplitMix64(t *testing.T) {
	for _, c := range []struct {
		seed uint64
		want [3]uint64
	}{
		{0, [3]uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}},
		{1234567, [3]uint64{0x599ed017fb08fc85, 0x2c73f08458540fa5, 0x883ebce5a3f27c77}},
	} {
		for i, w := range c.want {
			if got := splitMix64(c.seed + splitMixGamma*uint64(i+1)); got != w {
				t.Errorf("seed %d: output %d = %#x, want %#x", c.seed, i, got, w)
			}
		}
	}
}

// The kernel over any split of the index range gives the bits of one pass
// over the whole range, so the number of cores cannot change a mask.
func TestDropoutKernelIndependentOfSplit(t *testing.T) {
	const n = 10007
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i%13) - 6.5
	}
	key, thr := dropKey(42, 3), dropThreshold(0.3)
	whole := make([]float64, n)
	dropK(whole, x, 0, key, thr, 1/0.7)
	for _, parts := range []int{2, 3, 7, 64} {
		d := make([]float64, n)
		for lo := 0; lo < n; {
			hi := min(n, lo+n/parts+1+lo%5) // uneven parts
			dropK(d[lo:hi], x[lo:hi], lo, key, thr, 1/0.7)
			lo = hi
		}
		for i := range d {
			if d[i] != whole[i] {
				t.Fatalf("%d parts: element %d = %v, one pass gives %v", parts, i, d[i], whole[i])
			}
		}
	}
}
