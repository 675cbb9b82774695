package kernels

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
)

// countEpi counts, per element, how often Tile covered it, and doubles it.
type countEpi struct {
	n    int
	hits []atomic.Int32
	c32  []float32
	c64  []float64
}

func (e *countEpi) Tile(r0, r1, c0, c1 int) {
	for r := r0; r < r1; r++ {
		for c := c0; c < c1; c++ {
			e.hits[r*e.n+c].Add(1)
			if e.c32 != nil {
				e.c32[r*e.n+c] *= 2
			} else {
				e.c64[r*e.n+c] *= 2
			}
		}
	}
}

// SgemmThen and DgemmThen cover every element of the result exactly once,
// after its product (the doubled product's bits), cut into tiles on the
// workers or whole on the caller; other Gemms are left to the caller.
func TestGemmThen(t *testing.T) {
	if !useGemmAVX2 {
		t.Skip("no AVX2+FMA3")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []gemmCase{{m: 7, n: 5, k: 3}, {m: 300, n: 150, k: 200}, {m: 1024, n: 70, k: 130, ta: true}, {m: 129, n: 300, k: 300, tb: true}} {
		ar, ac, br, bc := c.dims()
		a, b := gemmTo32(gemmMatrix(rng, ar, ac, ac, 0)), gemmTo32(gemmMatrix(rng, br, bc, bc, 0))
		a64, b64 := gemmTo64(a), gemmTo64(b)
		want, want64 := make([]float32, c.m*c.n), make([]float64, c.m*c.n)
		sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 1, a, ac, b, bc, 0, want, c.n)
		dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 1, a64, ac, b64, bc, 0, want64, c.n)
		for f64 := range 2 {
			e := &countEpi{n: c.n, hits: make([]atomic.Int32, c.m*c.n)}
			if f64 == 1 {
				e.c64 = make([]float64, c.m*c.n)
				if !DgemmThen(GoBLAS{}, c.ta, c.tb, c.m, c.n, c.k, 1, a64, ac, b64, bc, 0, e.c64, c.n, e) {
					t.Fatal("DgemmThen refused GoBLAS")
				}
			} else {
				e.c32 = make([]float32, c.m*c.n)
				if !SgemmThen(GoBLAS{}, c.ta, c.tb, c.m, c.n, c.k, 1, a, ac, b, bc, 0, e.c32, c.n, e) {
					t.Fatal("SgemmThen refused GoBLAS")
				}
			}
			for i := range e.hits {
				if h := e.hits[i].Load(); h != 1 {
					t.Fatalf("%v f64=%d: element %d covered %d times", c, f64, i, h)
				}
				if f64 == 1 && math.Float64bits(e.c64[i]) != math.Float64bits(2*want64[i]) ||
					f64 == 0 && math.Float32bits(e.c32[i]) != math.Float32bits(2*want[i]) {
					t.Fatalf("%v f64=%d: element %d differs from the product doubled", c, f64, i)
				}
			}
		}
	}
	if SgemmThen(GonumBLAS{}, false, false, 2, 2, 2, 1, make([]float32, 4), 2, make([]float32, 4), 2, 0, make([]float32, 4), 2, &countEpi{}) {
		t.Error("SgemmThen took GonumBLAS")
	}
}
