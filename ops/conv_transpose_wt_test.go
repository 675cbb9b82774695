package ops

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainrule/chainrule/internal/kernels"
)

// The transposed convolution reads weights transposed once a run (wt) and
// gives the same bits as the product with the transposed-A flag per image
// and group (the formulation it replaced, written out here), through
// GoBLAS and the package's BLAS: LeNet's conv2 input gradient, a grouped
// one, a strided and padded one and a direct (1×1) one.
func TestConvTransposeWeightsSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	defer func(b Gemm) { BLAS = b }(BLAS)
	for _, s := range []struct {
		b, c, h, w, o, kh, kw, groups, stride, pad int
	}{{3, 20, 12, 12, 50, 5, 5, 1, 1, 0}, {2, 4, 9, 8, 6, 3, 3, 2, 1, 0}, {2, 3, 9, 9, 4, 3, 3, 1, 2, 1}, {2, 4, 5, 5, 6, 1, 1, 2, 1, 0}} {
		d := convDims{convGeom: convGeom{g: s.groups, kh: s.kh, kw: s.kw, sh: s.stride, sw: s.stride, ph: s.pad, pw: s.pad, dh: 1, dw: 1},
			b: s.b, c: s.c, h: s.h, w: s.w, o: s.o}
		if err := d.fullOut(); err != nil {
			t.Fatal(err)
		}
		x, w := make([]float32, d.b*d.o*d.l()), make([]float32, d.o*d.k())
		for i := range x {
			x[i] = float32(rng.Float64()*2 - 1)
		}
		for i := range w {
			w[i] = float32(rng.Float64()*2 - 1)
		}
		for _, g := range []Gemm{GoBLAS{}, BLAS} {
			BLAS = g
			got := make([]float32, d.b*d.c*d.h*d.w)
			prepConvT(&d, got, x, w)()
			serial := kernels.Serial(g)
			if serial == nil {
				serial = g
			}
			want := make([]float32, len(got))
			hw, cg, og, k, l := d.h*d.w, d.cg(), d.og(), d.k(), d.l()
			col := make([]float32, k*l)
			cs := d.colShape()
			for b := 0; b < d.b; b++ {
				for gr := 0; gr < d.g; gr++ {
					xg, yg := x[(b*d.o+gr*og)*l:], want[(b*d.c+gr*cg)*hw:(b*d.c+(gr+1)*cg)*hw]
					if d.direct() {
						gemmT(serial, true, false, k, l, og, w[gr*og*k:], k, xg, l, 0, yg, l)
						continue
					}
					gemmT(serial, true, false, k, l, og, w[gr*og*k:], k, xg, l, 0, col, l)
					kernels.Col2im(&cs, col, yg)
				}
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%+v %T: y[%d] = %v, with the transposed flag %v", s, g, i, got[i], want[i])
				}
			}
		}
	}
}
