package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// gemvWidths are the row widths of the one-row tests: below, at and above
// one vector, a panel of 12 (96 float32, 48 float64) and the panel counts
// of W3's and W6's layers, so that every kernel width 1..12 and the
// overlapping last vector are reached.
var gemvWidths = []int{4, 5, 7, 8, 9, 10, 15, 16, 17, 24, 47, 48, 49, 64, 95, 96, 97, 100, 128, 191, 192, 193, 255, 256, 257, 300, 500, 1000}

// TestGemv checks one-row products (B not transposed, A a row or, with ta,
// a column) against the float64 reference within the rounding bound, with
// padding, every scalar pair and NaN in C when beta == 0, for the assembly
// and the pure-Go kernels, in float32 and float64 (gemmRun).
func TestGemv(t *testing.T) {
	defer func(old bool) { useGemmAVX2 = old }(useGemmAVX2)
	rng := rand.New(rand.NewPCG(21, 22))
	scalars := [][2]float64{{1, 0}, {-0.5, 1}, {1, 0.25}, {-0.5, 0.25}}
	for _, useAsm := range []bool{true, false} {
		if useAsm && !useGemmAVX2 {
			continue
		}
		useGemmAVX2 = useAsm
		i := 0
		for _, n := range gemvWidths {
			for _, k := range []int{1, 3, 4, 5, 13, 784} {
				for _, ta := range []bool{false, true} {
					i++
					s := scalars[i%len(scalars)]
					c := gemmCase{ta: ta, m: 1, n: n, k: k, lda: k, ldb: n, ldc: n, alpha: s[0], beta: s[1]}
					if ta {
						c.lda = 1
					}
					if i%2 == 0 {
						c.lda, c.ldb, c.ldc = c.lda+3, n+5, n+2
					}
					gemmRun(t, rng, c)
					if c.beta == 0 {
						c.nanC = true
						gemmRun(t, rng, c)
					}
				}
			}
		}
	}
}

// TestGemvBitsOfGemm checks that a one-row product has, bit for bit, the
// row's values in a 7-row product (the 6×16 and 6×8 GEMM kernels) of the
// same operands, at every width of gemvWidths, beta 0 and not, with A a row
// or a column (ta), for the assembly and the pure-Go kernels: a tile of one
// row agrees with the whole product whatever the cut.
func TestGemvBitsOfGemm(t *testing.T) {
	defer func(old bool) { useGemmAVX2 = old }(useGemmAVX2)
	rng := rand.New(rand.NewPCG(23, 24))
	for _, useAsm := range []bool{true, false} {
		if useAsm && !useGemmAVX2 {
			continue
		}
		useGemmAVX2 = useAsm
		for _, n := range gemvWidths {
			for _, k := range []int{1, 5, 130} {
				for _, ta := range []bool{false, true} {
					const m = 7
					ar, ac := m, k
					if ta {
						ar, ac = k, m
					}
					a64, b64, c64 := gemmMatrix(rng, ar, ac, ac, 0), gemmMatrix(rng, k, n, n, 0), gemmMatrix(rng, m, n, n, 0)
					a, b, c32 := gemmTo32(a64), gemmTo32(b64), gemmTo32(c64)
					for _, beta := range []float64{0, 0.5} {
						want, want64 := append([]float32(nil), c32...), append([]float64(nil), c64...)
						sgemmAVX2Serial(ta, false, m, n, k, 0.75, a, ac, b, n, float32(beta), want, n)
						dgemmAVX2Serial(ta, false, m, n, k, 0.75, a64, ac, b64, n, beta, want64, n)
						for i := 0; i < m; i++ {
							ao := i * ac
							if ta {
								ao = i
							}
							got, got64 := append([]float32(nil), c32[i*n:(i+1)*n]...), append([]float64(nil), c64[i*n:(i+1)*n]...)
							sgemmAVX2Serial(ta, false, 1, n, k, 0.75, a[ao:], ac, b, n, float32(beta), got, n)
							dgemmAVX2Serial(ta, false, 1, n, k, 0.75, a64[ao:], ac, b64, n, beta, got64, n)
							for j := range got {
								if math.Float32bits(got[j]) != math.Float32bits(want[i*n+j]) || math.Float64bits(got64[j]) != math.Float64bits(want64[i*n+j]) {
									t.Fatalf("asm=%v n=%d k=%d ta=%v beta=%v: row %d alone, element %d = %v (float64 %v), in the 7-row product %v (%v)",
										useAsm, n, k, ta, beta, i, j, got[j], got64[j], want[i*n+j], want64[i*n+j])
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestGemvPanels checks gemvSerial's cut of a row into kernel calls: the
// vectors cover columns 0..n−1, each panel has 1 to 12 of them, the larger
// panels first, and the overlapping last vector is never alone.
func TestGemvPanels(t *testing.T) {
	for _, lanes := range []int{8, 4} {
		for n := lanes; n <= 2000; n++ {
			vecs := (n + lanes - 1) / lanes
			panels := (vecs + gemvMaxVecs - 1) / gemvMaxVecs
			covered := make([]bool, n)
			v0, prev := 0, gemvMaxVecs
			for i := 0; i < panels; i++ {
				nv := vecs / panels
				if i < vecs%panels {
					nv++
				}
				if nv < 1 || nv > gemvMaxVecs || nv > prev {
					t.Fatalf("lanes %d n %d: panel %d has %d vectors (previous %d)", lanes, n, i, nv, prev)
				}
				if v0+nv == vecs && n%lanes != 0 && nv < 2 {
					t.Fatalf("lanes %d n %d: the overlapping vector is alone in its panel", lanes, n)
				}
				for v := 0; v < nv; v++ {
					j := (v0 + v) * lanes
					if v0+v == vecs-1 {
						j = n - lanes
					}
					for c := j; c < j+lanes; c++ {
						covered[c] = true
					}
				}
				prev = nv
				v0 += nv
			}
			if v0 != vecs {
				t.Fatalf("lanes %d n %d: %d of %d vectors", lanes, n, v0, vecs)
			}
			for c, ok := range covered {
				if !ok {
					t.Fatalf("lanes %d n %d: column %d not computed", lanes, n, c)
				}
			}
		}
	}
}

// TestGemvAllocs checks that one-row products allocate nothing.
func TestGemvAllocs(t *testing.T) {
	a, b, c := make([]float32, 784), make([]float32, 784*256), make([]float32, 256)
	a64, b64, c64 := make([]float64, 784), make([]float64, 784*250), make([]float64, 250)
	if n := testing.AllocsPerRun(20, func() {
		sgemmAVX2Serial(false, false, 1, 256, 784, 1, a, 784, b, 256, 0, c, 256)
		dgemmAVX2Serial(false, false, 1, 250, 784, 1, a64, 784, b64, 250, 0.5, c64, 250)
	}); n != 0 {
		t.Errorf("%v allocations per one-row product", n)
	}
}

// BenchmarkGemv times W3's four batch-1 products (1×784·784×256, ·256×128,
// ·128×64, ·64×10), float32, with GoBLAS (its one-row kernels) and, where
// it loads, OpenBLAS.
func BenchmarkGemv(b *testing.B) {
	sizes := []int{784, 256, 128, 64, 10}
	var ws, xs [][]float32
	for i := 0; i+1 < len(sizes); i++ {
		ws = append(ws, make([]float32, sizes[i]*sizes[i+1]))
		xs = append(xs, make([]float32, sizes[i]))
	}
	out := make([]float32, 256)
	gemms := []Gemm{GoBLAS{}}
	if ob, err := OpenBLAS(); err == nil {
		gemms = append(gemms, ob)
	}
	for _, g := range gemms {
		b.Run(Name(g), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for l := range ws {
					g.Sgemm(false, false, 1, sizes[l+1], sizes[l], 1, xs[l], sizes[l], ws[l], sizes[l+1], 0, out, sizes[l+1])
				}
			}
		})
	}
}
