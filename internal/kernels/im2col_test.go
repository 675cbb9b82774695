package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refIm2col and refCol2im are the definitions written out element by
// element: col row (c·kh + i)·kw + j, column oh·wo + ow holds x[c, oh·sh −
// ph + i·dh, ow·sw − pw + j·dw] or 0 outside x; col2im adds each column
// entry back to that element, rows in order.
func refIm2col(d *ColShape, x, col []float32) {
	refCols(d, func(r, q, xi int) {
		if xi < 0 {
			col[r*d.Ho*d.Wo+q] = 0
		} else {
			col[r*d.Ho*d.Wo+q] = x[xi]
		}
	})
}

func refCol2im(d *ColShape, col, x []float32) {
	refCols(d, func(r, q, xi int) {
		if xi >= 0 {
			x[xi] += col[r*d.Ho*d.Wo+q]
		}
	})
}

// refCols calls f(row, column, x index or −1) for every entry of col.
func refCols(d *ColShape, f func(r, q, xi int)) {
	for c := 0; c < d.C; c++ {
		for i := 0; i < d.Kh; i++ {
			for j := 0; j < d.Kw; j++ {
				r := (c*d.Kh+i)*d.Kw + j
				for oh := 0; oh < d.Ho; oh++ {
					for ow := 0; ow < d.Wo; ow++ {
						y, xx := oh*d.Sh-d.Ph+i*d.Dh, ow*d.Sw-d.Pw+j*d.Dw
						xi := -1
						if y >= 0 && y < d.H && xx >= 0 && xx < d.W {
							xi = (c*d.H+y)*d.W + xx
						}
						f(r, oh*d.Wo+ow, xi)
					}
				}
			}
		}
	}
}

// TestIm2colMatchesDefinition checks Im2col and Col2im, the plain fast
// path (stride 1, no padding, dilation 1; rows of 8 and longer, LeNet's
// 24 and 8, and shorter) and the general one, bit for bit against the
// definitions.
func TestIm2colMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 7))
	for _, d := range []ColShape{
		{C: 1, H: 28, W: 28, Kh: 5, Kw: 5},
		{C: 3, H: 12, W: 12, Kh: 5, Kw: 5},
		{C: 2, H: 7, W: 13, Kh: 3, Kw: 2},
		{C: 2, H: 5, W: 4, Kh: 1, Kw: 1},
		{C: 2, H: 9, W: 11, Kh: 3, Kw: 3, Sh: 2, Sw: 1, Ph: 1, Pw: 1},
		{C: 1, H: 10, W: 10, Kh: 3, Kw: 3, Dh: 2, Dw: 2},
	} {
		d.Sh, d.Sw, d.Dh, d.Dw = max(d.Sh, 1), max(d.Sw, 1), max(d.Dh, 1), max(d.Dw, 1)
		d.Ho = (d.H+2*d.Ph-d.Dh*(d.Kh-1)-1)/d.Sh + 1
		d.Wo = (d.W+2*d.Pw-d.Dw*(d.Kw-1)-1)/d.Sw + 1
		x := make([]float32, d.C*d.H*d.W)
		for i := range x {
			x[i] = rng.Float32()*2 - 1
		}
		n := d.C * d.Kh * d.Kw * d.Ho * d.Wo
		col, want := make([]float32, n), make([]float32, n)
		for i := range col {
			col[i] = float32(math.NaN()) // every entry must be written
		}
		Im2col(&d, x, col)
		refIm2col(&d, x, want)
		for i := range col {
			if math.Float32bits(col[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%+v: im2col[%d] = %v, want %v", d, i, col[i], want[i])
			}
		}
		for i := range col {
			col[i] = rng.Float32()*2 - 1
		}
		got, ref := make([]float32, len(x)), make([]float32, len(x))
		Col2im(&d, col, got)
		refCol2im(&d, col, ref)
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
				t.Fatalf("%+v: col2im[%d] = %v, want %v", d, i, got[i], ref[i])
			}
		}
	}
}
