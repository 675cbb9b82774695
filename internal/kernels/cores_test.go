package kernels

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestProductsIndependentOfCores computes products of the shapes that each
// BLAS splits over the workers (by rows, by columns, 64×64 tiles; OpenBLAS's
// 2, 4 and 8 parts) at GOMAXPROCS 1, 2 and 3, and checks that the bits are
// the same.
func TestProductsIndependentOfCores(t *testing.T) {
	gemms := []struct {
		name string
		g    Gemm
	}{{"go", GoBLAS{}}, {"gonum", GonumBLAS{}}}
	if ob, err := OpenBLAS(); err == nil {
		gemms = append(gemms, struct {
			name string
			g    Gemm
		}{"openblas", ob})
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(5, 5))
	for _, sz := range [][3]int{{64, 128, 64}, {128, 43, 100}, {301, 90, 70}, {40, 257, 120}, {256, 128, 784}, {784, 128, 256}, {97, 600, 1100}, {1, 2048, 1024}, {7, 600, 600}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, ta := range []bool{false, true} {
			ar, ac := m, k
			if ta {
				ar, ac = k, m
			}
			a, b := randn(rng, ar*ac), randn(rng, k*n)
			a32, b32 := to32(a), to32(b)
			for _, gm := range gemms {
				var want []float64
				var want32 []float32
				for _, procs := range []int{1, 2, 3} {
					runtime.GOMAXPROCS(procs)
					c, c32 := make([]float64, m*n), make([]float32, m*n)
					gm.g.Dgemm(ta, false, m, n, k, 1, a, ac, b, n, 0, c, n)
					gm.g.Sgemm(ta, false, m, n, k, 1, a32, ac, b32, n, 0, c32, n)
					if procs == 1 {
						want, want32 = c, c32
						continue
					}
					for i := range c {
						if math.Float64bits(c[i]) != math.Float64bits(want[i]) || math.Float32bits(c32[i]) != math.Float32bits(want32[i]) {
							t.Fatalf("%s %v ta=%v: element %d at GOMAXPROCS=%d is %v (float32 %v), at 1 %v (%v)",
								gm.name, sz, ta, i, procs, c[i], c32[i], want[i], want32[i])
						}
					}
				}
			}
		}
	}
}
