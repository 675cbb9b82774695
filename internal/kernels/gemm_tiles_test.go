package kernels

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// naive computes c = alpha·op(a)·op(b) + beta·c with three loops.
func naive(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				var av, bv float64
				if ta {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if tb {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += av * bv
			}
			c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
		}
	}
}

// The tiled product equals the textbook one for every transpose flag, sizes
// that leave partial tiles, padded leading dimensions and beta ≠ 0, in
// float64 and float32, and allocates nothing.
func TestTiledGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	fill := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.Float64()*2 - 1
		}
		return v
	}
	for _, sz := range [][3]int{{130, 70, 33}, {65, 200, 64}, {300, 10, 50}, {8, 8, 8}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, f := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			ta, tb := f[0], f[1]
			ar, ac := m, k
			if ta {
				ar, ac = k, m
			}
			br, bc := k, n
			if tb {
				br, bc = n, k
			}
			lda, ldb, ldc := ac+3, bc+1, n+2
			a, b, c := fill(ar*lda), fill(br*ldb), fill(m*ldc)
			want := append([]float64(nil), c...)
			naive(ta, tb, m, n, k, 0.7, a, lda, b, ldb, 0.3, want, ldc)
			got := append([]float64(nil), c...)
			GonumBLAS{}.Dgemm(ta, tb, m, n, k, 0.7, a, lda, b, ldb, 0.3, got, ldc)
			a32, b32, c32 := to32(a), to32(b), to32(c)
			GonumBLAS{}.Sgemm(ta, tb, m, n, k, 0.7, a32, lda, b32, ldb, 0.3, c32, ldc)
			for i := range want {
				if d := math.Abs(got[i] - want[i]); d > 1e-12 {
					t.Fatalf("%v %v %v float64: element %d = %v, want %v", sz, ta, tb, i, got[i], want[i])
				}
				if d := math.Abs(float64(c32[i]) - want[i]); d > 1e-4 {
					t.Fatalf("%v %v %v float32: element %d = %v, want %v", sz, ta, tb, i, c32[i], want[i])
				}
			}
			if n := testing.AllocsPerRun(5, func() {
				GonumBLAS{}.Dgemm(ta, tb, m, n, k, 0.7, a, lda, b, ldb, 0.3, got, ldc)
			}); n != 0 {
				t.Errorf("%v: %v allocations per product", sz, n)
			}
		}
	}
}

// GoBLAS computes on the caller the products of a batch-1 network and of
// one step of an RNN (W8a's 1×784·784×256, W7's 32×128·128×512,
// 32×32·32×512 and their gradients' shapes), where handing tiles to a worker
// cost more than it saved (they were cut into 64×64 tiles and handed to the
// workers), and cuts larger products into tiles of at most 64×64, each
// holding at least goMinTileFlops of the micro-kernel's work unless there
// are only two. Float64 work counts double: W1's 32×784·784×128 is cut in
// float64, not in float32.
func TestGoProductTiles(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, sz := range [][3]int{{1, 256, 784}, {1, 128, 256}, {1, 10, 64}, {32, 512, 128}, {32, 128, 512}, {128, 512, 32}, {32, 512, 32}, {32, 32, 512}, {32, 128, 784}} {
		if tr, tc, ok := goProductTiles(false, sz[0], sz[1], sz[2], false); ok {
			t.Errorf("float32 %v is cut into %d×%d tiles, want it whole on the caller", sz, tr, tc)
		}
	}
	if tr, tc, ok := goProductTiles(false, 32, 512, 32, true); ok {
		t.Errorf("float64 [32 512 32] is cut into %d×%d tiles, want it whole on the caller", tr, tc)
	}
	for _, sz := range [][4]int{{1, 2048, 1024, 0}, {7, 600, 600, 0}, {1024, 256, 784, 0}, {784, 128, 256, 0}, {2000, 3, 2000, 0}, {32, 784, 128, 1}, {784, 128, 32, 1}, {300, 300, 300, 1}} {
		m, n, k, f64 := sz[0], sz[1], sz[2], sz[3] == 1
		tr, tc, ok := goProductTiles(false, m, n, k, f64)
		br, bc := goTileBase(false, f64)
		if !ok {
			t.Errorf("%v is not cut", sz)
			continue
		}
		tiles := ((m + tr - 1) / tr) * ((n + tc - 1) / tc)
		f := 2 * ((m + 5) / 6 * 6) * ((n + 15) / 16 * 16) * k * (1 + sz[3])
		switch {
		case tiles < 2:
			t.Errorf("%v: one %d×%d tile", sz, tr, tc)
		case tiles > 2 && f/tiles < goMinTileFlops:
			t.Errorf("%v: %d tiles of %d×%d, each below %d flops", sz, tiles, tr, tc, goMinTileFlops)
		case f/tiles >= 4*goMinTileFlops && (tr > br || tc > bc):
			t.Errorf("%v: tiles of %d×%d merged beyond %d×%d though each holds %d flops", sz, tr, tc, br, bc, f/tiles)
		}
	}
	runtime.GOMAXPROCS(1)
	if _, _, ok := goProductTiles(false, 1024, 256, 784, false); ok {
		t.Error("a product is cut at GOMAXPROCS=1")
	}
}
