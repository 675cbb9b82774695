package kernels

import (
	"math"
	"testing"
)

// TestCopyRows checks copyRows against its definition, with the assembly
// and the pure-Go loop, in float32 and float64, for row widths 1..40 (every
// tail of the 32-byte blocks), strides wider than the rows, 0..3 rows: the
// copied elements equal the source, every other element of dst keeps its
// guard value.
func TestCopyRows(t *testing.T) {
	defer func(old bool) { useAVX2 = old }(useAVX2)
	for _, asm := range []bool{true, false} {
		if asm && !useAVX2 {
			continue
		}
		useAVX2 = asm
		for rows := 0; rows <= 3; rows++ {
			for w := 1; w <= 40; w++ {
				ld, ls := w+3, w+5
				check32(t, asm, rows, w, ld, ls)
				check64(t, asm, rows, w, ld, ls)
			}
		}
	}
}

func check32(t *testing.T, asm bool, rows, w, ld, ls int) {
	t.Helper()
	src := make([]float32, rows*ls+1)
	for i := range src {
		src[i] = float32(i) + 0.5
	}
	dst := make([]float32, rows*ld+1)
	for i := range dst {
		dst[i] = -1
	}
	copyRows(dst, ld, src, ls, rows, w)
	for i, v := range dst {
		r, q := i/ld, i%ld
		want := float32(-1)
		if r < rows && q < w {
			want = src[r*ls+q]
		}
		if math.Float32bits(v) != math.Float32bits(want) {
			t.Fatalf("asm=%v float32 rows %d w %d: dst[%d] = %v, want %v", asm, rows, w, i, v, want)
		}
	}
}

func check64(t *testing.T, asm bool, rows, w, ld, ls int) {
	t.Helper()
	src := make([]float64, rows*ls+1)
	for i := range src {
		src[i] = float64(i) + 0.25
	}
	dst := make([]float64, rows*ld+1)
	for i := range dst {
		dst[i] = -1
	}
	copyRows(dst, ld, src, ls, rows, w)
	for i, v := range dst {
		r, q := i/ld, i%ld
		want := -1.0
		if r < rows && q < w {
			want = src[r*ls+q]
		}
		if math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("asm=%v float64 rows %d w %d: dst[%d] = %v, want %v", asm, rows, w, i, v, want)
		}
	}
}
