package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestOpenBLASMatchesGonum compares OpenBLAS's products with gonum's for
// every transpose combination, odd sizes, padded leading dimensions and
// both dtypes. It is skipped where OpenBLAS is absent.
func TestOpenBLASMatchesGonum(t *testing.T) {
	ob, err := OpenBLAS()
	if err != nil {
		t.Skip(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	// The last two exceed openBLASSplitFlops: split by rows, then by columns.
	for _, sz := range [][3]int{{1, 1, 1}, {3, 5, 7}, {32, 10, 128}, {129, 65, 33}, {301, 90, 70}, {40, 257, 120}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				ar, ac := m, k
				if ta {
					ar, ac = k, m
				}
				br, bc := k, n
				if tb {
					br, bc = n, k
				}
				lda, ldb, ldc := ac+2, bc+1, n+3
				a, b := randn(rng, ar*lda), randn(rng, br*ldb)
				c0 := randn(rng, m*ldc)
				want, got := append([]float64(nil), c0...), append([]float64(nil), c0...)
				GonumBLAS{}.Dgemm(ta, tb, m, n, k, 1.5, a, lda, b, ldb, 0.5, want, ldc)
				ob.Dgemm(ta, tb, m, n, k, 1.5, a, lda, b, ldb, 0.5, got, ldc)
				for i := range want {
					if math.Abs(want[i]-got[i]) > 1e-12*float64(k) {
						t.Fatalf("Dgemm %v ta=%v tb=%v: c[%d] = %v, gonum %v", sz, ta, tb, i, got[i], want[i])
					}
				}
				a32, b32, w32, g32 := to32(a), to32(b), to32(c0), to32(c0)
				GonumBLAS{}.Sgemm(ta, tb, m, n, k, 1.5, a32, lda, b32, ldb, 0.5, w32, ldc)
				ob.Sgemm(ta, tb, m, n, k, 1.5, a32, lda, b32, ldb, 0.5, g32, ldc)
				for i := range w32 {
					if math.Abs(float64(w32[i]-g32[i])) > 1e-5*float64(k) {
						t.Fatalf("Sgemm %v ta=%v tb=%v: c[%d] = %v, gonum %v", sz, ta, tb, i, g32[i], w32[i])
					}
				}
			}
		}
	}
	if why := AllocsUncountable(ob); why != "" {
		t.Skip("products checked; allocations not counted: " + why)
	}
	x, y, z := []float64{1, 2, 3, 4}, []float64{1, 0, 0, 1}, make([]float64, 4)
	if n := testing.AllocsPerRun(10, func() { ob.Dgemm(false, false, 2, 2, 2, 1, x, 2, y, 2, 0, z, 2) }); n > 0 {
		t.Errorf("OpenBLAS Dgemm allocates %v times per call", n)
	}
}

func randn(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func to32(v []float64) []float32 {
	f := make([]float32, len(v))
	for i, x := range v {
		f[i] = float32(x)
	}
	return f
}
