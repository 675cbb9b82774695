package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestIm2colTMatchesDefinition checks Im2colT bit for bit against the
// definition (refCols) transposed, on the plain path with 5-wide kernels
// (LeNet's) and other widths, and on the general path (stride, padding,
// dilation), with rows C·kh·kw wide and padded (whose padding must stay
// untouched).
func TestIm2colTMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 8))
	for _, d := range []ColShape{
		{C: 1, H: 28, W: 28, Kh: 5, Kw: 5},
		{C: 3, H: 12, W: 12, Kh: 5, Kw: 5},
		{C: 2, H: 7, W: 13, Kh: 3, Kw: 2},
		{C: 2, H: 5, W: 4, Kh: 1, Kw: 1},
		{C: 2, H: 9, W: 11, Kh: 3, Kw: 3, Sh: 2, Sw: 1, Ph: 1, Pw: 1},
		{C: 1, H: 10, W: 10, Kh: 3, Kw: 3, Dh: 2, Dw: 2},
		{C: 2, H: 8, W: 9, Kh: 2, Kw: 5, Pw: 2},
	} {
		d.Sh, d.Sw, d.Dh, d.Dw = max(d.Sh, 1), max(d.Sw, 1), max(d.Dh, 1), max(d.Dw, 1)
		d.Ho = (d.H+2*d.Ph-d.Dh*(d.Kh-1)-1)/d.Sh + 1
		d.Wo = (d.W+2*d.Pw-d.Dw*(d.Kw-1)-1)/d.Sw + 1
		x := make([]float32, d.C*d.H*d.W)
		for i := range x {
			x[i] = rng.Float32()*2 - 1
		}
		k, l := d.C*d.Kh*d.Kw, d.Ho*d.Wo
		for _, ld := range []int{k, k + 7} {
			colT, want := make([]float32, ld*l), make([]float32, ld*l)
			for i := range colT {
				colT[i] = float32(math.NaN()) // every entry must be written
				if i%ld >= k {
					colT[i], want[i] = 42, 42 // the padding stays
				}
			}
			refCols(&d, func(r, q, xi int) {
				if xi >= 0 {
					want[q*ld+r] = x[xi]
				}
			})
			Im2colT(&d, x, colT, ld)
			for i := range colT {
				if math.Float32bits(colT[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%+v ld %d: im2colT[%d] (position %d, tap %d) = %v, want %v", d, ld, i, i/ld, i%ld, colT[i], want[i])
				}
			}
		}
	}
}
