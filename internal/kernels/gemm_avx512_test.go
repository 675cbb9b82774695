package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// gemm512Cases are gemmCases plus shapes around the taller AVX-512 tiles'
// edges: m up to 3 tiles of 14 rows, n up to 3 float32 tiles of 32 columns.
func gemm512Cases(short bool) []gemmCase {
	cs := gemmCases(short)
	// Scalars that are not powers of two too, so that alpha·acc and
	// beta·C round (a kernel that rounded beta·C before adding it would
	// differ).
	scalars := [][2]float64{{1, 0}, {-0.5, 1}, {0.7, 0}, {1.3, -0.3}, {1, 0.25}, {-0.7, 0.6}}
	i := 0
	for _, m := range []int{1, 5, 6, 7, 11, 12, 13, 14, 15, 24, 27, 28, 29, 32, 43} {
		for _, n := range []int{1, 7, 8, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 97} {
			for _, k := range []int{1, 5, 64} {
				i++
				ta, tb := i%4 >= 2, i%2 == 1
				c := gemmCase{ta: ta, tb: tb, m: m, n: n, k: k}
				_, ac, _, bc := c.dims()
				c.lda, c.ldb, c.ldc = ac, bc, n
				if i%3 == 0 {
					c.lda, c.ldb, c.ldc = ac+3, bc+5, n+2
				}
				s := scalars[i%len(scalars)]
				c.alpha, c.beta = s[0], s[1]
				c.nanC = c.beta == 0 && i%4 < 2
				cs = append(cs, c)
			}
		}
	}
	// B's row stride a multiple of 2 KiB (512 float32, 256 or 512
	// float64) with k ≥ 256 and m ≥ gemmPanelRows: the packed panels.
	for _, c := range []gemmCase{
		{m: 64, n: 64, k: 256, ldb: 512}, {m: 70, n: 45, k: 300, ldb: 512}, {m: 64, n: 256, k: 257, ldb: 256},
		{m: 100, n: 33, k: 384, ldb: 1024, ta: true}, {m: 65, n: 512, k: 256, ldb: 512, ta: true},
	} {
		for j, s := range scalars {
			c.alpha, c.beta = s[0], s[1]
			_, ac, _, _ := c.dims()
			c.lda, c.ldc = ac+j%2, c.n+j%3
			c.nanC = c.beta == 0 && j%2 == 0
			if !short || j%2 == 1 {
				cs = append(cs, c)
			}
		}
	}
	return cs
}

// TestGemmAVX512MatchesAVX2 checks that the AVX-512 kernels give the AVX2
// kernels' bits, element for element, padding included (so the padding is
// untouched, as TestGemmAVX2 checks of the AVX2 path), in float32 and
// float64, with the 8-row tile, the 14-row tile and the tile gemm512Rows
// chooses, on every case of gemm512Cases: edges, m below the tile, m == 1,
// n narrower than a tile, all four transposes, k == 1, alpha and beta cases
// and NaN in C with beta == 0.
func TestGemmAVX512MatchesAVX2(t *testing.T) {
	if !useGemmAVX512 {
		t.Skip("no AVX-512F")
	}
	defer func(old bool, mr int) { useGemmAVX512, gemm512MR = old, mr }(useGemmAVX512, gemm512MR)
	paths := []struct {
		avx512 bool
		mr     int
	}{{false, 0}, {true, 8}, {true, 14}, {true, 0}}
	rng := rand.New(rand.NewPCG(13, 14))
	for _, c := range gemm512Cases(testing.Short() || raceEnabled) {
		ar, ac, br, bc := c.dims()
		a := gemmMatrix(rng, ar, ac, c.lda, 3)
		b := gemmMatrix(rng, br, bc, c.ldb, 3)
		c0 := gemmMatrix(rng, c.m, c.n, c.ldc, 3)
		if c.nanC {
			for i := 0; i < c.m; i++ {
				for j := 0; j < c.n; j++ {
					c0[i*c.ldc+j] = math.NaN()
				}
			}
		}
		a32, b32 := gemmTo32(a), gemmTo32(b)
		var avx2 []float64
		var avx2f32 []float32
		for _, p := range paths {
			useGemmAVX512, gemm512MR = p.avx512, p.mr
			got := append([]float64(nil), c0...)
			dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a, c.lda, b, c.ldb, c.beta, got, c.ldc)
			got32 := gemmTo32(c0)
			sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, float32(c.alpha), a32, c.lda, b32, c.ldb, float32(c.beta), got32, c.ldc)
			if !p.avx512 {
				avx2, avx2f32 = got, got32
				continue
			}
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(avx2[i]) {
					t.Fatalf("dgemm %v, %d-row tile (0: chosen): element %d (row %d, column %d) is %v with AVX-512, %v with AVX2",
						c, p.mr, i, i/c.ldc, i%c.ldc, got[i], avx2[i])
				}
				if math.Float32bits(got32[i]) != math.Float32bits(avx2f32[i]) {
					t.Fatalf("sgemm %v, %d-row tile (0: chosen): element %d (row %d, column %d) is %v with AVX-512, %v with AVX2",
						c, p.mr, i, i/c.ldc, i%c.ldc, got32[i], avx2f32[i])
				}
			}
		}
	}
}

// gemm512BenchShapes are the products of the GEMM-bound workloads: W2's
// first layer (batch 256), W3's three largest (batch 128), W7's step
// (32×128·128×512 and its gradients), W8b's first layer (batch 1024), W6's
// convolutions of one image and its dense layer; 1024³ and a 1024-row
// product with B 1000 wide; products of 168 rows (a multiple of both tile
// heights, to compare their rates); and 64×64 tiles (as GoBLAS cuts
// products for its workers) with B's row stride ldb (0: B's width).
var gemm512BenchShapes = []struct {
	name    string
	ta, tb  bool
	m, n, k int
	ldb     int // 0: the width of B
}{
	{"W2-256x128x784NN", false, false, 256, 128, 784, 0},
	{"W2-784x128x256TN", true, false, 784, 128, 256, 0},
	{"W3-128x256x784NN", false, false, 128, 256, 784, 0},
	{"W3-784x256x128TN", true, false, 784, 256, 128, 0},
	{"W3-128x256x128NT", false, true, 128, 256, 128, 0},
	{"W7-32x512x128NN", false, false, 32, 512, 128, 0},
	{"W7-32x128x512NT", false, true, 32, 128, 512, 0},
	{"W7-128x512x32TN", true, false, 128, 512, 32, 0},
	{"W8b-1024x256x784NN", false, false, 1024, 256, 784, 0},
	{"W6-20x576x25NN", false, false, 20, 576, 25, 0},
	{"W6-50x64x500NN", false, false, 50, 64, 500, 0},
	{"W6-500x64x50TN", true, false, 500, 64, 50, 0},
	{"W6-50x500x64NN", false, false, 50, 500, 64, 0},
	{"W6-50x500x64NT", false, true, 50, 500, 64, 0},
	{"W6-20x25x576NN", false, false, 20, 25, 576, 0},
	{"W6-20x32x576NN", false, false, 20, 32, 576, 0},
	{"W6-50x512x64NN", false, false, 50, 512, 64, 0},
	{"W6-50x512x256NN", false, false, 50, 512, 256, 0},
	{"W6-20x32x2304NN", false, false, 20, 32, 2304, 0},
	{"W6-20x576x32NN", false, false, 20, 576, 32, 0},
	{"W6-25x20x576NT", false, true, 25, 20, 576, 0},
	{"W6-50x128x500NN", false, false, 50, 128, 500, 0},
	{"W6-500x128x50TN", true, false, 500, 128, 50, 0},
	{"W6-20x25x576NT", false, true, 20, 25, 576, 0},
	{"W6-64x500x800NN", false, false, 64, 500, 800, 0},
	{"W6-800x500x64TN", true, false, 800, 500, 64, 0},
	{"W6-64x800x500NT", false, true, 64, 800, 500, 0},
	{"1024x1024x1024NN", false, false, 1024, 1024, 1024, 0},
	{"X-168x256x784NN", false, false, 168, 256, 784, 0},
	{"Y-1024x1000x1024NN", false, false, 1024, 1000, 1024, 0},
	{"T-64x64x1024NN-ldb1024", false, false, 64, 64, 1024, 1024},
	{"T-64x64x784NN-ldb256", false, false, 64, 64, 784, 256},
	{"T-64x64x784NN-ldb512", false, false, 64, 64, 784, 512},
	{"X-168x256x128TN", true, false, 168, 256, 128, 0},
	{"X-168x64x2000NN", false, false, 168, 64, 2000, 0},
}

// BenchmarkGemm512 times the serial driver (one goroutine) with the AVX2
// kernels and with the AVX-512 kernels of each height, float32 and float64,
// on gemm512BenchShapes, in GFLOPS.
func BenchmarkGemm512(b *testing.B) {
	defer func(old bool, mr int) { useGemmAVX512, gemm512MR = old, mr }(useGemmAVX512, gemm512MR)
	for _, s := range gemm512BenchShapes {
		ar, ac, br, bc := s.m, s.k, s.k, s.n
		if s.ta {
			ar, ac = ac, ar
		}
		if s.tb {
			br, bc = bc, br
		}
		ldb := max(bc, s.ldb)
		rng := rand.New(rand.NewPCG(1, 2))
		a64, b64 := gemmMatrix(rng, ar, ac, ac, 0), gemmMatrix(rng, br, bc, ldb, 0)
		c64 := make([]float64, s.m*s.n)
		a32, b32, c32 := gemmTo32(a64), gemmTo32(b64), make([]float32, s.m*s.n)
		flops := 2 * float64(s.m*s.n*s.k)
		for _, dt := range []string{"f32", "f64"} {
			for _, v := range []struct {
				name string
				on   bool
				mr   int
			}{{"avx2", false, 6}, {"z8", true, 8}, {"z14", true, 14}, {"auto", true, 0}} {
				b.Run(dt+"/"+s.name+"/"+v.name, func(b *testing.B) {
					if v.on && !useGemmAVX512 {
						b.Skip("no AVX-512F")
					}
					useGemmAVX512, gemm512MR = v.on, v.mr
					defer func() { useGemmAVX512, gemm512MR = true, 0 }()
					f := func() {
						if dt == "f32" {
							sgemmAVX2Serial(s.ta, s.tb, s.m, s.n, s.k, 1, a32, ac, b32, ldb, 0, c32, s.n)
						} else {
							dgemmAVX2Serial(s.ta, s.tb, s.m, s.n, s.k, 1, a64, ac, b64, ldb, 0, c64, s.n)
						}
					}
					f()
					b.ResetTimer()
					start := time.Now()
					for i := 0; i < b.N; i++ {
						f()
					}
					b.ReportMetric(flops*float64(b.N)/time.Since(start).Seconds()/1e9, "GFLOPS")
				})
			}
		}
	}
}

// TestSelectGoAVX2 checks that CHAINRULE_BLAS=go-avx2 limits GoBLAS to the
// AVX2 kernels, and that the other values give it the AVX-512 kernels back
// where the CPU has them, as GoBLAS's name says.
func TestSelectGoAVX2(t *testing.T) {
	defer func(old bool) { useGemmAVX512 = old }(useGemmAVX512)
	g, err := Select("go-avx2")
	if err != nil || useGemmAVX512 || Name(g) != (GoBLAS{}).String() {
		t.Fatalf("go-avx2: %v, %v, AVX-512 kernels %v", Name(g), err, useGemmAVX512)
	}
	if useGemmAVX2 && Name(g) != "go (AVX2+FMA kernels)" {
		t.Errorf("go-avx2: named %q", Name(g))
	}
	for _, v := range []string{"go", "gonum", "auto", "GO"} {
		if Select(v); useGemmAVX512 != haveGemmAVX512 {
			t.Errorf("%s after go-avx2: AVX-512 kernels %v, the CPU has them: %v", v, useGemmAVX512, haveGemmAVX512)
		}
	}
	if want := "go (AVX-512F kernels)"; haveGemmAVX512 && (GoBLAS{}).String() != want {
		t.Errorf("GoBLAS is named %q, want %q", (GoBLAS{}).String(), want)
	}
}

// TestGemmPanelAllocs checks that the packed-panel path (B's row stride a
// multiple of 2 KiB) allocates nothing after warm-up.
func TestGemmPanelAllocs(t *testing.T) {
	m, n, k, ldb := 64, 64, 256, 512
	a, b, c := make([]float32, m*k), make([]float32, k*ldb), make([]float32, m*n)
	a64, b64, c64 := make([]float64, m*k), make([]float64, k*ldb), make([]float64, m*n)
	if got := testing.AllocsPerRun(20, func() {
		sgemmAVX2Serial(false, false, m, n, k, 1, a, k, b, ldb, 0.5, c, n)
		dgemmAVX2Serial(false, false, m, n, k, 1, a64, k, b64, ldb, 0.5, c64, n)
	}); got != 0 {
		t.Errorf("%v allocations per call", got)
	}
}

// TestGemmSwappedNT checks that a product with B transposed and at least
// twice as many columns as rows, which gemmSerial computes transposed
// (gemmSwapped), has the bits of the same product computed directly, on the
// AVX-512, AVX2 and pure-Go paths, op(A) transposed or not, beta 0 (NaN in
// C), 1 and rounding, padded leading dimensions, edges; and allocates
// nothing after warm-up.
func TestGemmSwappedNT(t *testing.T) {
	defer func(old, old512, swap bool) { useGemmAVX2, useGemmAVX512, gemmSwapNT = old, old512, swap }(useGemmAVX2, useGemmAVX512, gemmSwapNT)
	rng := rand.New(rand.NewPCG(15, 16))
	var cs []gemmCase
	for _, s := range [][3]int{{8, 17, 40}, {8, 24, 64}, {9, 40, 33}, {32, 128, 512}, {13, 100, 64}, {64, 800, 500}, {20, 41, 300}} {
		for _, ta := range []bool{false, true} {
			for j, sc := range [][2]float64{{1, 0}, {0.7, 1}, {-1.3, 0.6}} {
				c := gemmCase{ta: ta, tb: true, m: s[0], n: s[1], k: s[2], alpha: sc[0], beta: sc[1], nanC: sc[1] == 0}
				_, ac, _, bc := c.dims()
				c.lda, c.ldb, c.ldc = ac+j, bc+2*j, c.n+j
				cs = append(cs, c)
			}
		}
	}
	have2 := useGemmAVX2
	for _, p := range []struct{ avx2, avx512 bool }{{true, true}, {true, false}, {false, false}} {
		if p.avx512 && !haveGemmAVX512 || p.avx2 && !have2 {
			continue
		}
		useGemmAVX2, useGemmAVX512 = p.avx2, p.avx512
		for _, c := range cs {
			ar, ac, br, bc := c.dims()
			a := gemmMatrix(rng, ar, ac, c.lda, 3)
			b := gemmMatrix(rng, br, bc, c.ldb, 3)
			c0 := gemmMatrix(rng, c.m, c.n, c.ldc, 3)
			if c.nanC {
				for i := 0; i < c.m; i++ {
					for j := 0; j < c.n; j++ {
						c0[i*c.ldc+j] = math.NaN()
					}
				}
			}
			a32, b32 := gemmTo32(a), gemmTo32(b)
			var got [2][]float64
			var got32 [2][]float32
			for i, swap := range []bool{false, true} {
				gemmSwapNT = swap
				got[i] = append([]float64(nil), c0...)
				dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a, c.lda, b, c.ldb, c.beta, got[i], c.ldc)
				got32[i] = gemmTo32(c0)
				sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, float32(c.alpha), a32, c.lda, b32, c.ldb, float32(c.beta), got32[i], c.ldc)
			}
			for i := range got[0] {
				if math.Float64bits(got[1][i]) != math.Float64bits(got[0][i]) || math.Float32bits(got32[1][i]) != math.Float32bits(got32[0][i]) {
					t.Fatalf("AVX2 %v AVX-512 %v %v: element %d is %v (float32 %v) transposed, %v (%v) directly",
						p.avx2, p.avx512, c, i, got[1][i], got32[1][i], got[0][i], got32[0][i])
				}
			}
		}
	}
	gemmSwapNT = true
	m, n, k := 32, 128, 512
	a, b, c := make([]float32, m*k), make([]float32, n*k), make([]float32, m*n)
	if got := testing.AllocsPerRun(20, func() { sgemmAVX2Serial(false, true, m, n, k, 1, a, k, b, k, 0.5, c, n) }); got != 0 {
		t.Errorf("%v allocations per transposed product", got)
	}
}
