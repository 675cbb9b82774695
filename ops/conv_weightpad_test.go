package ops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The weight gradient's padded columns (wgWidth) give the same bits as
// unpadded ones, through GoBLAS and the package's BLAS, for LeNet's two
// convolutions (K = 25 and 500, padded to 32 and 512), a grouped one and
// one whose K is not padded (more than a third would be wasted).
func TestConvWeightPaddingSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 3))
	defer func(b Gemm, n bool) { BLAS, wgNoPad = b, n }(BLAS, wgNoPad)
	for _, s := range []struct {
		b, c, h, w, o, kh, kw, groups int
	}{{5, 1, 28, 28, 20, 5, 5, 1}, {3, 20, 12, 12, 50, 5, 5, 1}, {2, 4, 9, 9, 6, 3, 5, 2}, {2, 1, 7, 7, 3, 3, 3, 1}} {
		d := convDims{convGeom: convGeom{g: s.groups, kh: s.kh, kw: s.kw, sh: 1, sw: 1, dh: 1, dw: 1},
			b: s.b, c: s.c, h: s.h, w: s.w, o: s.o}
		if err := d.fullOut(); err != nil {
			t.Fatal(err)
		}
		x, dy := make([]float32, d.b*d.c*d.h*d.w), make([]float32, d.b*d.o*d.l())
		for i := range x {
			x[i] = float32(rng.Float64()*2 - 1)
		}
		for i := range dy {
			dy[i] = float32(rng.Float64()*2 - 1)
		}
		for _, g := range []Gemm{GoBLAS{}, BLAS} {
			BLAS = g
			got, want := make([]float32, d.o*d.k()), make([]float32, d.o*d.k())
			wgNoPad = false
			prepConvWeight(&d, got, x, dy)()
			wgNoPad = true
			prepConvWeight(&d, want, x, dy)()
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%+v %T: dw[%d] = %v padded, %v not", s, g, i, got[i], want[i])
				}
			}
		}
	}
}

// BenchmarkConvWeightGrad times W6's two weight gradients at batch 64,
// float32, with the padded columns and without.
func BenchmarkConvWeightGrad(b *testing.B) {
	for _, s := range []struct {
		name                string
		b, c, h, w, o, kern int
	}{{"conv1", 64, 1, 28, 28, 20, 5}, {"conv2", 64, 20, 12, 12, 50, 5}} {
		d := convDims{convGeom: convGeom{g: 1, kh: s.kern, kw: s.kern, sh: 1, sw: 1, dh: 1, dw: 1}, b: s.b, c: s.c, h: s.h, w: s.w, o: s.o}
		if err := d.fullOut(); err != nil {
			b.Fatal(err)
		}
		x, dy := make([]float32, d.b*d.c*d.h*d.w), make([]float32, d.b*d.o*d.l())
		for i := range x {
			x[i] = float32(i%17) * 0.1
		}
		for i := range dy {
			dy[i] = float32(i%13) * 0.1
		}
		dw := make([]float32, d.o*d.k())
		for _, pad := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/padded=%v", s.name, pad), func(b *testing.B) {
				defer func(v bool) { wgNoPad = v }(wgNoPad)
				wgNoPad = !pad
				run := prepConvWeight(&d, dw, x, dy)
				for i := 0; i < b.N; i++ {
					run()
				}
			})
		}
	}
}
