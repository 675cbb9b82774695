package kernels

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// gemmGuard is the value stored in the padding of every matrix (and after
// its last element); the products must leave it untouched.
const gemmGuard = -12345.5

// gemmCase is one product to check: sizes, transposes, leading dimensions
// (the padding), scalars and whether C starts as NaN.
type gemmCase struct {
	ta, tb        bool
	m, n, k       int
	lda, ldb, ldc int
	alpha, beta   float64
	nanC          bool
}

func (c gemmCase) String() string {
	return fmt.Sprintf("ta=%v tb=%v m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%v beta=%v nanC=%v",
		c.ta, c.tb, c.m, c.n, c.k, c.lda, c.ldb, c.ldc, c.alpha, c.beta, c.nanC)
}

// dims returns the stored shapes of A and B.
func (c gemmCase) dims() (ar, ac, br, bc int) {
	ar, ac = c.m, c.k
	if c.ta {
		ar, ac = c.k, c.m
	}
	br, bc = c.k, c.n
	if c.tb {
		br, bc = c.n, c.k
	}
	return
}

// gemmMatrix returns rows×cols values in [-1, 1) with leading dimension ld,
// gemmGuard in the padding and in extra elements after the end.
func gemmMatrix(rng *rand.Rand, rows, cols, ld, extra int) []float64 {
	v := make([]float64, max(0, (rows-1)*ld+cols)+extra)
	for i := range v {
		v[i] = gemmGuard
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v[i*ld+j] = rng.Float64()*2 - 1
		}
	}
	return v
}

// gemmRef computes the reference product in float64 and, per element, the
// error bound scale Σ_p |op(A)[i][p]·op(B)[p][j]|.
func gemmRef(c gemmCase, a, b, c0 []float64) (want, mag []float64) {
	want = append([]float64(nil), c0...)
	mag = make([]float64, len(c0))
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.n; j++ {
			s, sa := 0.0, 0.0
			for p := 0; p < c.k && c.alpha != 0; p++ {
				var av, bv float64
				if c.ta {
					av = a[p*c.lda+i]
				} else {
					av = a[i*c.lda+p]
				}
				if c.tb {
					bv = b[j*c.ldb+p]
				} else {
					bv = b[p*c.ldb+j]
				}
				s += av * bv
				sa += math.Abs(av * bv)
			}
			x := &want[i*c.ldc+j]
			switch {
			case c.alpha == 0 && c.beta == 1:
			case c.alpha == 0 || c.k == 0:
				if c.beta == 0 {
					*x = 0
				} else {
					*x *= c.beta
				}
			case c.beta == 0:
				*x = c.alpha * s
			default:
				*x = c.alpha*s + c.beta**x
			}
			mag[i*c.ldc+j] = math.Abs(c.alpha)*sa + math.Abs(c.beta*c0[i*c.ldc+j])
		}
	}
	return want, mag
}

// gemmCheckResult compares got with want element by element: the valid part
// within (k+2)·eps·mag (the classic bound for a dot product of length k plus
// the alpha/beta update), the padding and the guard elements exactly.
func gemmCheckResult(t *testing.T, name string, c gemmCase, got, want, mag []float64, eps float64) {
	t.Helper()
	for i := range got {
		r, j := i/c.ldc, i%c.ldc
		if r < c.m && j < c.n {
			tol := float64(c.k+2) * eps * mag[i]
			if math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > tol {
				t.Fatalf("%s %v: C[%d][%d] = %v, want %v (tolerance %g)", name, c, r, j, got[i], want[i], tol)
			}
		} else if got[i] != gemmGuard {
			t.Fatalf("%s %v: padding element %d changed to %v", name, c, i, got[i])
		}
	}
}

// gemmRun checks one case with both the float32 and float64 functions.
func gemmRun(t *testing.T, rng *rand.Rand, c gemmCase) {
	t.Helper()
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
	// float64
	want, mag := gemmRef(c, a, b, c0)
	got := append([]float64(nil), c0...)
	dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a, c.lda, b, c.ldb, c.beta, got, c.ldc)
	gemmCheckResult(t, "dgemm", c, got, want, mag, 0x1p-52)

	// float32: the reference is computed from the float32-rounded inputs.
	a32, b32, c32 := gemmTo32(a), gemmTo32(b), gemmTo32(c0)
	want, mag = gemmRef(c, gemmTo64(a32), gemmTo64(b32), gemmTo64(c32))
	sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, float32(c.alpha), a32, c.lda, b32, c.ldb, float32(c.beta), c32, c.ldc)
	gemmCheckResult(t, "sgemm", c, gemmTo64(c32), want, mag, 0x1p-23)
}

func gemmTo32(v []float64) []float32 {
	w := make([]float32, len(v))
	for i, x := range v {
		w[i] = float32(x)
	}
	return w
}

func gemmTo64(v []float32) []float64 {
	w := make([]float64, len(v))
	for i, x := range v {
		w[i] = float64(x)
	}
	return w
}

// gemmCases returns the cases of TestGemmAVX2: every m, n in 0..20 with
// several k, the engine's real shapes, in all four transposes, with and
// without padding, for every alpha, beta and NaN-filled C with beta == 0.
func gemmCases(short bool) []gemmCase {
	var cs []gemmCase
	flags := [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}}
	scalars := [][2]float64{{1, 0}, {-0.5, 1}, {1, 0.25}, {0, 0}, {0, 1}, {0, 0.25}, {-0.5, 0.25}}
	add := func(m, n, k, sc int, pad bool) {
		for _, f := range flags {
			c := gemmCase{ta: f[0], tb: f[1], m: m, n: n, k: k}
			_, ac, _, bc := c.dims()
			c.lda, c.ldb, c.ldc = max(1, ac), max(1, bc), max(1, n)
			if pad {
				c.lda, c.ldb, c.ldc = ac+3, bc+5, n+2
			}
			s := scalars[sc%len(scalars)]
			c.alpha, c.beta = s[0], s[1]
			cs = append(cs, c)
			if c.beta == 0 {
				c.nanC = true
				cs = append(cs, c)
			}
		}
	}
	ks := []int{0, 1, 2, 3, 7, 8, 9, 17, 64, 255, 256, 257, 784}
	sc := 0
	for m := 0; m <= 20; m++ {
		for n := 0; n <= 20; n++ {
			for _, k := range ks {
				if k > 64 && (short || (m+n)%10 != 0) {
					continue
				}
				sc++
				add(m, n, k, sc, sc%2 == 0)
			}
		}
	}
	real := [][3]int{
		{16, 64, 64}, {16, 64, 8}, {16, 8, 64}, {64, 64, 784}, {32, 128, 784},
		{64, 64, 64}, {1, 64, 64}, {17, 33, 100}, {65, 47, 129},
	}
	if !short {
		real = append(real, [3]int{128, 256, 784})
	}
	for _, r := range real {
		for i := range scalars {
			// The large shapes (slow to check, above all under -race)
			// get two scalar pairs: (1, 0) with NaN in C and
			// (-0.5, 0.25); the largest only the second.
			if r[0]*r[1]*r[2] > 1<<18 && i != 0 && i != 6 || r[0]*r[1]*r[2] > 1<<22 && i != 6 {
				continue
			}
			add(r[0], r[1], r[2], i, i%2 == 0)
		}
	}
	return cs
}

// TestGemmAVX2 checks sgemmAVX2Serial and dgemmAVX2Serial against the
// float64 triple loop: values within the rounding bound, padding untouched,
// NaN in C not leaking when beta == 0.
func TestGemmAVX2(t *testing.T) {
	if !useGemmAVX2 {
		t.Skip("no AVX2+FMA3")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range gemmCases(testing.Short() || raceEnabled) {
		gemmRun(t, rng, c)
	}
}

// TestGemmAVX2GoKernels runs the same checks with the pure-Go kernels (the
// path used without AVX2), on fewer cases.
func TestGemmAVX2GoKernels(t *testing.T) {
	defer func(old bool) { useGemmAVX2 = old }(useGemmAVX2)
	useGemmAVX2 = false
	rng := rand.New(rand.NewPCG(5, 6))
	for i, c := range gemmCases(true) {
		if i%7 == 0 || c.m*c.n*c.k > 20000 {
			gemmRun(t, rng, c)
		}
	}
}

// TestGemmAVX2Special checks the BLAS special cases exactly: alpha == 0 with
// NaN in A and B (C only scaled), k == 0, beta == 0 with ±Inf in C.
func TestGemmAVX2Special(t *testing.T) {
	for _, asm := range []bool{false, true} {
		if asm && !useGemmAVX2 {
			continue
		}
		func() {
			defer func(old bool) { useGemmAVX2 = old }(useGemmAVX2)
			useGemmAVX2 = asm
			m, n, k := 7, 19, 5
			nan := float32(math.NaN())
			a := make([]float32, m*k)
			b := make([]float32, k*n)
			for i := range a {
				a[i] = nan
			}
			for i := range b {
				b[i] = nan
			}
			for _, beta := range []float32{0, 1, 2} {
				c := make([]float32, m*n)
				for i := range c {
					c[i] = float32(i)
				}
				sgemmAVX2Serial(false, false, m, n, k, 0, a, k, b, n, beta, c, n)
				for i, v := range c {
					if v != beta*float32(i) {
						t.Fatalf("asm=%v alpha=0 beta=%v: c[%d] = %v", asm, beta, i, v)
					}
				}
				c64 := make([]float64, m*n)
				for i := range c64 {
					c64[i] = math.Inf(1)
				}
				dgemmAVX2Serial(true, false, m, n, 0, 2, nil, m, nil, n, float64(beta), c64, n)
				for i, v := range c64 {
					if want := float64(beta) * math.Inf(1); beta == 0 && v != 0 || beta != 0 && v != want {
						t.Fatalf("asm=%v k=0 beta=%v: c[%d] = %v", asm, beta, i, v)
					}
				}
			}
			// beta == 0 with ±Inf and NaN in C and finite A, B.
			for i := range a {
				a[i] = 1
			}
			for i := range b {
				b[i] = 0.5
			}
			c := make([]float32, m*n)
			for i := range c {
				c[i] = [3]float32{float32(math.Inf(1)), float32(math.Inf(-1)), nan}[i%3]
			}
			sgemmAVX2Serial(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
			for i, v := range c {
				if v != 2.5 {
					t.Fatalf("asm=%v beta=0: c[%d] = %v, want 2.5", asm, i, v)
				}
			}
		}()
	}
}

// TestGemmAVX2Panics checks that bad arguments panic as gonum's do (which
// keeps the assembly from reading out of bounds).
func TestGemmAVX2Panics(t *testing.T) {
	a, b, c := make([]float32, 12), make([]float32, 12), make([]float32, 9)
	for i, f := range []func(){
		func() { sgemmAVX2Serial(false, false, -1, 3, 4, 1, a, 4, b, 3, 0, c, 3) },
		func() { sgemmAVX2Serial(false, false, 3, 3, 4, 1, a, 3, b, 3, 0, c, 3) }, // lda < k
		func() { sgemmAVX2Serial(false, false, 3, 3, 4, 1, a, 4, b, 2, 0, c, 3) }, // ldb < n
		func() { sgemmAVX2Serial(false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c, 2) }, // ldc < n
		func() { sgemmAVX2Serial(false, false, 3, 3, 4, 1, a[:11], 4, b, 3, 0, c, 3) },
		func() { sgemmAVX2Serial(false, true, 3, 3, 4, 1, a, 4, b[:11], 4, 0, c, 3) },
		func() { sgemmAVX2Serial(false, false, 3, 3, 4, 1, a, 4, b, 3, 0, c[:8], 3) },
		func() {
			dgemmAVX2Serial(true, false, 3, 3, 4, 1, make([]float64, 11), 3, make([]float64, 12), 3, 0, make([]float64, 9), 3)
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("case %d did not panic", i)
				}
			}()
			f()
		}()
	}
}

// TestGemmAVX2Deterministic checks that repeated and concurrent calls (8
// goroutines, each on its own data, run under -race too) give the same bits.
func TestGemmAVX2Deterministic(t *testing.T) {
	if !useGemmAVX2 {
		t.Skip("no AVX2+FMA3")
	}
	shapes := []gemmCase{
		{m: 16, n: 64, k: 64}, {m: 3, n: 10, k: 33, tb: true}, {m: 64, n: 64, k: 784, ta: true},
		{m: 64, n: 64, k: 300, tb: true}, {m: 13, n: 29, k: 17, ta: true, tb: true},
	}
	type job struct {
		c        gemmCase
		a, b     []float32
		a64, b64 []float64
		want     []float32
		want64   []float64
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var jobs []*job
	for g := 0; g < 8; g++ {
		c := shapes[g%len(shapes)]
		ar, ac, br, bc := c.dims()
		c.lda, c.ldb, c.ldc, c.alpha, c.beta = ac, bc, c.n, 0.75, 0.5
		j := &job{c: c}
		j.a64, j.b64 = gemmMatrix(rng, ar, ac, ac, 0), gemmMatrix(rng, br, bc, bc, 0)
		j.a, j.b = gemmTo32(j.a64), gemmTo32(j.b64)
		j.want, j.want64 = make([]float32, c.m*c.n), make([]float64, c.m*c.n)
		sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, j.a, c.lda, j.b, c.ldb, 0, j.want, c.ldc)
		dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, j.a64, c.lda, j.b64, c.ldb, 0, j.want64, c.ldc)
		jobs = append(jobs, j)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := j.c
			got, got64 := make([]float32, c.m*c.n), make([]float64, c.m*c.n)
			for it := 0; it < 20; it++ {
				sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, j.a, c.lda, j.b, c.ldb, 0, got, c.ldc)
				dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, j.a64, c.lda, j.b64, c.ldb, 0, got64, c.ldc)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(j.want[i]) ||
						math.Float64bits(got64[i]) != math.Float64bits(j.want64[i]) {
						errs <- fmt.Sprintf("%v: iteration %d element %d differs", c, it, i)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestGemmAVX2Allocs checks that a product allocates nothing after warm-up,
// including the shapes that need packing buffers.
func TestGemmAVX2Allocs(t *testing.T) {
	for _, c := range []gemmCase{
		{m: 16, n: 64, k: 64}, {m: 16, n: 64, k: 8, tb: true}, {m: 4, n: 10, k: 50, ta: true},
		{m: 64, n: 64, k: 784, tb: true}, {m: 20, n: 21, k: 22, ta: true, tb: true},
	} {
		ar, ac, br, bc := c.dims()
		a, b, cc := make([]float32, ar*ac), make([]float32, br*bc), make([]float32, c.m*c.n)
		a64, b64, c64 := make([]float64, ar*ac), make([]float64, br*bc), make([]float64, c.m*c.n)
		n := testing.AllocsPerRun(20, func() {
			sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 1, a, ac, b, bc, 0.5, cc, c.n)
			dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 1, a64, ac, b64, bc, 0.5, c64, c.n)
		})
		if n != 0 {
			t.Errorf("%v: %v allocations per call", c, n)
		}
	}
}

// ---- benchmarks ----

var gemmBenchShapes = []struct {
	name     string
	ta, tb   bool
	m, n, k  int
	lda, ldb int // 0: the matrix's width
}{
	{"16x64x64", false, false, 16, 64, 64, 0, 0},
	{"16x64x8", false, false, 16, 64, 8, 0, 0},
	{"16x64x64NT", false, true, 16, 64, 64, 0, 0},
	{"64x64x16TN", true, false, 64, 64, 16, 0, 0},
	{"8x64x16TN", true, false, 8, 64, 16, 0, 0},
	{"64x64x64", false, false, 64, 64, 64, 0, 0},
	{"64x64x784NN", false, false, 64, 64, 784, 0, 0},
	{"64x64x784TN", true, false, 64, 64, 784, 0, 0},
	{"64x64x784NT", false, true, 64, 64, 784, 0, 0},
	// Tiles of the W3 products, with their leading dimensions.
	{"64x64x784NN-lda784-ldb256", false, false, 64, 64, 784, 784, 256},
	{"64x64x128TN-lda784-ldb256", true, false, 64, 64, 128, 784, 256},
	{"64x64x128TN-lda256-ldb128", true, false, 64, 64, 128, 256, 128},
	{"64x64x128NT-lda128-ldb128", false, true, 64, 64, 128, 128, 128},
}

// BenchmarkGemmAVX2 times the new kernels (avx2) and gonum's serial Gemm
// (gonum) on the engine's shapes, in GFLOPS.
func BenchmarkGemmAVX2(b *testing.B) {
	for _, s := range gemmBenchShapes {
		ar, ac, br, bc := s.m, s.k, s.k, s.n
		if s.ta {
			ar, ac = ac, ar
		}
		if s.tb {
			br, bc = bc, br
		}
		lda, ldb := max(ac, s.lda), max(bc, s.ldb)
		rng := rand.New(rand.NewPCG(1, 2))
		a64, b64 := gemmMatrix(rng, ar, ac, lda, 0), gemmMatrix(rng, br, bc, ldb, 0)
		c64 := make([]float64, s.m*s.n)
		a32, b32, c32 := gemmTo32(a64), gemmTo32(b64), make([]float32, s.m*s.n)
		flops := 2 * float64(s.m*s.n*s.k)
		run := func(name string, f func()) {
			b.Run(name+"/"+s.name, func(b *testing.B) {
				if name[:5] == "avx2-" && !useGemmAVX2 {
					b.Skip("no AVX2+FMA3")
				}
				b.ReportAllocs()
				f()
				b.ResetTimer()
				start := time.Now()
				for i := 0; i < b.N; i++ {
					f()
				}
				b.ReportMetric(flops*float64(b.N)/time.Since(start).Seconds()/1e9, "GFLOPS")
			})
		}
		run("avx2-f32", func() {
			sgemmAVX2Serial(s.ta, s.tb, s.m, s.n, s.k, 1, a32, lda, b32, ldb, 0, c32, s.n)
		})
		run("gonum-f32", func() {
			gonumSerial{}.Sgemm(s.ta, s.tb, s.m, s.n, s.k, 1, a32, lda, b32, ldb, 0, c32, s.n)
		})
		run("avx2-f64", func() {
			dgemmAVX2Serial(s.ta, s.tb, s.m, s.n, s.k, 1, a64, lda, b64, ldb, 0, c64, s.n)
		})
		run("gonum-f64", func() {
			gonumSerial{}.Dgemm(s.ta, s.tb, s.m, s.n, s.k, 1, a64, lda, b64, ldb, 0, c64, s.n)
		})
	}
}

// BenchmarkGoBLAS times GoBLAS (tiled, on all the workers) on the float32
// products of a W3 training step, in GFLOPS for the whole machine.
func BenchmarkGoBLAS(b *testing.B) {
	for _, s := range []struct {
		name    string
		ta, tb  bool
		m, n, k int
	}{
		{"128x256x784NN", false, false, 128, 256, 784},
		{"784x256x128TN", true, false, 784, 256, 128},
		{"128x128x256NN", false, false, 128, 128, 256},
		{"256x128x128TN", true, false, 256, 128, 128},
		{"128x256x128NT", false, true, 128, 256, 128},
	} {
		ar, ac, br, bc := s.m, s.k, s.k, s.n
		if s.ta {
			ar, ac = ac, ar
		}
		if s.tb {
			br, bc = bc, br
		}
		rng := rand.New(rand.NewPCG(1, 2))
		a32, b32 := gemmTo32(gemmMatrix(rng, ar, ac, ac, 0)), gemmTo32(gemmMatrix(rng, br, bc, bc, 0))
		c32 := make([]float32, s.m*s.n)
		flops := 2 * float64(s.m*s.n*s.k)
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			f := func() { GoBLAS{}.Sgemm(s.ta, s.tb, s.m, s.n, s.k, 1, a32, ac, b32, bc, 0, c32, s.n) }
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

// gemmStepShapes are the products of one training step of the bench
// workloads W3 (784-256-128-64-10 ReLU MLP, batch 128, float32) and W4 (RNN,
// hidden 64, batch 16, 32 steps: 32 of each small product), as
// {ta, tb, m, n, k, lda, ldb, repeat}.
var gemmStepShapes = map[string][][8]int{
	"W3": {
		{0, 0, 128, 256, 784, 784, 256, 1}, {1, 0, 784, 256, 128, 784, 256, 1},
		{0, 0, 128, 128, 256, 256, 128, 1}, {1, 0, 256, 128, 128, 256, 128, 1},
		{0, 1, 128, 256, 128, 128, 128, 1}, {0, 0, 128, 64, 128, 128, 64, 1},
		{1, 0, 128, 64, 128, 128, 64, 1}, {0, 1, 128, 128, 64, 64, 64, 1},
		{0, 0, 128, 10, 64, 64, 10, 1}, {1, 0, 64, 10, 128, 64, 10, 1},
		{0, 1, 128, 64, 10, 10, 10, 1},
	},
	"W4": {
		{1, 0, 8, 64, 16, 8, 64, 32}, {0, 0, 16, 64, 8, 8, 64, 32},
		{1, 0, 64, 64, 16, 64, 64, 32}, {0, 1, 16, 64, 64, 64, 64, 32},
		{0, 0, 16, 64, 64, 64, 64, 32},
	},
}

var gemmStepDetail = flag.Bool("gemmstepdetail", false, "BenchmarkGoBLASStep: report the GFLOPS of each product")

// BenchmarkGoBLASStep times the GoBLAS products of one training step of W3
// and W4 (each product on its own matrices, as in the step, so that they
// evict one another from the caches), in µs per step.
func BenchmarkGoBLASStep(b *testing.B) {
	for _, name := range []string{"W3", "W4"} {
		type prod struct {
			ta, tb         bool
			m, n, k        int
			lda, ldb, reps int
			a, b, c        []float32
		}
		var ps []prod
		rng := rand.New(rand.NewPCG(1, 2))
		for _, s := range gemmStepShapes[name] {
			p := prod{ta: s[0] == 1, tb: s[1] == 1, m: s[2], n: s[3], k: s[4], lda: s[5], ldb: s[6], reps: s[7]}
			c := gemmCase{ta: p.ta, tb: p.tb, m: p.m, n: p.n, k: p.k}
			ar, ac, br, bc := c.dims()
			p.a = gemmTo32(gemmMatrix(rng, ar, ac, p.lda, 0))
			p.b = gemmTo32(gemmMatrix(rng, br, bc, p.ldb, 0))
			p.c = make([]float32, p.m*p.n)
			ps = append(ps, p)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			per := make([]time.Duration, len(ps))
			for i := 0; i < b.N; i++ {
				for j, p := range ps {
					t0 := time.Now()
					for r := 0; r < p.reps; r++ {
						GoBLAS{}.Sgemm(p.ta, p.tb, p.m, p.n, p.k, 1, p.a, p.lda, p.b, p.ldb, 0, p.c, p.n)
					}
					per[j] += time.Since(t0)
				}
			}
			if *gemmStepDetail {
				// GFLOPS of each product (in the order of gemmStepShapes).
				for j, p := range ps {
					fl := 2 * float64(p.m*p.n*p.k*p.reps) * float64(b.N)
					b.ReportMetric(fl/per[j].Seconds()/1e9, fmt.Sprintf("GF%d", j))
				}
			}
		})
	}
}

// TestGoBLASTiled checks that GoBLAS's tiled products (on its helper
// goroutines) are bit-identical to the serial product, from concurrent
// callers, with pauses longer than goSpin so that the helpers park and are
// woken as well as found polling.
func TestGoBLASTiled(t *testing.T) {
	if !useGemmAVX2 {
		t.Skip("no AVX2+FMA3")
	}
	shapes := []gemmCase{
		{m: 130, n: 140, k: 300}, {m: 200, n: 70, k: 400, ta: true}, {m: 64, n: 300, k: 300, tb: true},
		{m: 129, n: 129, k: 300, ta: true, tb: true}, {m: 1, n: 2000, k: 784}, {m: 7, n: 600, k: 600, tb: true},
	}
	rng := rand.New(rand.NewPCG(9, 10))
	var wg sync.WaitGroup
	errs := make(chan string, 2*len(shapes))
	for g := 0; g < 2*len(shapes); g++ {
		c := shapes[g%len(shapes)]
		if _, _, ok := goProductTiles(c.tb, c.m, c.n, c.k, false); !ok {
			t.Fatalf("%v is not tiled", c)
		}
		ar, ac, br, bc := c.dims()
		a, b := gemmTo32(gemmMatrix(rng, ar, ac, ac, 0)), gemmTo32(gemmMatrix(rng, br, bc, bc, 0))
		a64, b64 := gemmTo64(a), gemmTo64(b)
		want, want64 := make([]float32, c.m*c.n), make([]float64, c.m*c.n)
		sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, a, ac, b, bc, 0, want, c.n)
		dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, a64, ac, b64, bc, 0, want64, c.n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, got64 := make([]float32, c.m*c.n), make([]float64, c.m*c.n)
			for it := 0; it < 6; it++ {
				if it%2 == 1 {
					time.Sleep(time.Millisecond) // longer than goSpin (blas_go.go)
				}
				GoBLAS{}.Sgemm(c.ta, c.tb, c.m, c.n, c.k, 0.75, a, ac, b, bc, 0, got, c.n)
				GoBLAS{}.Dgemm(c.ta, c.tb, c.m, c.n, c.k, 0.75, a64, ac, b64, bc, 0, got64, c.n)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) ||
						math.Float64bits(got64[i]) != math.Float64bits(want64[i]) {
						errs <- fmt.Sprintf("%v: iteration %d element %d differs", c, it, i)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestGemmAVX2OneRow checks that a 1-row product (read in place, not packed)
// gives each row of a 7-row product with the same rows bit for bit, with A
// transposed or not, B transposed or not, beta 0 and not, in float32 and
// float64, so that a tile of one row agrees with the whole product.
func TestGemmAVX2OneRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, useAsm := range []bool{true, false} {
		if useAsm && !useGemmAVX2 {
			continue
		}
		old := useGemmAVX2
		useGemmAVX2 = useAsm
		for _, c := range []gemmCase{{m: 7, n: 300, k: 130}, {m: 7, n: 10, k: 64, ta: true}, {m: 7, n: 41, k: 33, tb: true}, {m: 7, n: 17, k: 9, ta: true, tb: true}} {
			ar, ac, br, bc := c.dims()
			a64, b64, c64 := gemmMatrix(rng, ar, ac, ac, 0), gemmMatrix(rng, br, bc, bc, 0), gemmMatrix(rng, c.m, c.n, c.n, 0)
			a, b, c32 := gemmTo32(a64), gemmTo32(b64), gemmTo32(c64)
			for _, beta := range []float64{0, 0.5} {
				want, want64 := append([]float32(nil), c32...), append([]float64(nil), c64...)
				sgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, a, ac, b, bc, float32(beta), want, c.n)
				dgemmAVX2Serial(c.ta, c.tb, c.m, c.n, c.k, 0.75, a64, ac, b64, bc, beta, want64, c.n)
				for i := 0; i < c.m; i++ {
					ao := i * ac // row i of A, or column i of A stored k×m
					if c.ta {
						ao = i
					}
					got, got64 := append([]float32(nil), c32[i*c.n:(i+1)*c.n]...), append([]float64(nil), c64[i*c.n:(i+1)*c.n]...)
					sgemmAVX2Serial(c.ta, c.tb, 1, c.n, c.k, 0.75, a[ao:], ac, b, bc, float32(beta), got, c.n)
					dgemmAVX2Serial(c.ta, c.tb, 1, c.n, c.k, 0.75, a64[ao:], ac, b64, bc, beta, got64, c.n)
					for j := range got {
						if math.Float32bits(got[j]) != math.Float32bits(want[i*c.n+j]) || math.Float64bits(got64[j]) != math.Float64bits(want64[i*c.n+j]) {
							t.Fatalf("asm=%v %+v beta=%v: row %d alone, element %d = %v (float64 %v), in the 7-row product %v (%v)",
								useAsm, c, beta, i, j, got[j], got64[j], want[i*c.n+j], want64[i*c.n+j])
						}
					}
				}
			}
		}
		useGemmAVX2 = old
	}
}
