package kernels

import (
	"runtime"

	"github.com/chainrule/chainrule/internal/parallel"
)

// Why not call gonum's Dgemm directly on large products: for a product with
// four or more 64×64 blocks of the result, gonum starts a goroutine per block
// and makes a channel and a WaitGroup per call, about 50–200 allocations per
// training step. GonumBLAS instead cuts the result into tiles of at most
// tileRows × tileCols (each small enough that gonum computes it serially) and
// hands them to long-lived workers; the caller works too. Each element of the
// result is computed by exactly one tile, in the same order whatever the
// scheduling, so results are bit-identical from run to run.
const (
	tileRows = 64
	tileCols = 64
	// minParallelFlops is the product size (2·m·n·k) below which splitting
	// costs more than it saves (waking a worker takes a few microseconds);
	// such products run serially on the caller's goroutine. At 1<<17 the
	// W4 RNN step was 10–30 % slower.
	minParallelFlops = 2 * 64 * 64 * 64
)

// goMinParallelFlops and goMinTileFlops are goProductTiles's thresholds,
// about 80 and 10 µs of the float32 kernel on one core. Measured on the
// loaded 2-core machine, 2026-12-02 (docs/performance.md): W7 and W8a cost
// less CPU and less time with their products whole; W1's float64 products
// (7 M of counted work) are still cut.
var (
	goMinParallelFlops = 1 << 23
	goMinTileFlops     = 1 << 20
)

// gemmJob is one product split into tiles. Jobs are reused (see jobFree) so
// that a product allocates nothing.
type gemmJob struct {
	inner          Gemm     // computes one tile on the calling goroutine
	epi            Epilogue // nil, or applied to each tile once computed
	tr, tc         int      // tile rows and columns
	f32            bool
	ta, tb         bool
	m, n, k        int
	lda, ldb, ldc  int
	a, b, c        []float64
	a32, b32, c32  []float32
	alpha, beta    float64
	alpha32, beta3 float32
	tilesN, tiles  int
	share          parallel.Share
}

// gemmJobs holds finished jobs for reuse.
var gemmJobs parallel.FreeList[gemmJob]

// Work computes tiles on a worker goroutine (parallel.Task).
func (j *gemmJob) Work() {
	j.run()
	j.release()
}

func getJob() *gemmJob { return gemmJobs.Get() }

// release drops a hold on j (parallel.Share), recycling it after the last.
func (j *gemmJob) release() {
	if j.share.Release() {
		j.inner, j.epi, j.a, j.b, j.c, j.a32, j.b32, j.c32 = nil, nil, nil, nil, nil, nil, nil, nil
		gemmJobs.Put(j)
	}
}

// productTiles returns the tiles a GonumBLAS product is cut into,
// or ok false to compute it whole on the caller's goroutine. Products of
// four or more 64×64 blocks are always cut into 64×64 tiles (gonum would
// otherwise start goroutines); smaller ones from minParallelFlops on are split into one part
// per worker along their longer side. (Splitting the 16×64·64×64 products of
// an unrolled RNN was measured too: waking a worker costs more than it saves.)
func productTiles(m, n, k int) (tr, tc int, ok bool) {
	if ((m+tileRows-1)/tileRows)*((n+tileCols-1)/tileCols) >= 4 {
		return tileRows, tileCols, true
	}
	p := runtime.GOMAXPROCS(0)
	if p < 2 || 2*m*n*k < minParallelFlops {
		return 0, 0, false
	}
	if m >= n {
		return (m + p - 1) / p, n, m >= 2*p
	}
	return m, (n + p - 1) / p, n >= 2*p
}

// goProductTiles is productTiles for GoBLAS (f64 for Dgemm), whose serial
// kernel (unlike gonum's) never starts goroutines of its own, so that
// nothing forces a product into tiles: it is cut only when that is worth
// waking a worker. The work counted is the micro-kernel's, 2·m'·n'·k with m
// and n rounded up to the 6×16 tile (a 1-row product is counted as a
// 6-row one, though with B not transposed gemv.go's kernels do a sixth
// of that work: such products are cut early, from 2²³/12 multiply-adds,
// which no workload reaches), doubled for float64 (whose 6×8 kernel does half the
// multiply-adds per instruction). Below goMinParallelFlops the product runs
// on the caller: the products of one RNN step (W7's 32×128·128×512,
// 32×32·32×512 and their gradients) and of a batch-1 network (W8a's
// 1×784·784×256) spent more in handing tiles to the workers (channel send,
// wake-up, WaitGroup, a worker left spinning) than the second core saved.
// Above it the product is cut into tiles of at most goTileBase's 64×64 or
// 56×128 (so that a descheduled worker leaves its share to the caller), merged so that each
// tile holds at least goMinTileFlops, down to two tiles. Each element of the
// result is computed by the same chain of operations whichever tile holds
// it, so the cut never changes the bits.
func goProductTiles(tb bool, m, n, k int, f64 bool) (tr, tc int, ok bool) {
	p := runtime.GOMAXPROCS(0)
	f := 2 * ((m + gemmMR - 1) / gemmMR * gemmMR) * ((n + sgemmNR - 1) / sgemmNR * sgemmNR) * k
	if f64 {
		f *= 2
	}
	if p < 2 || f < goMinParallelFlops {
		return 0, 0, false
	}
	tr, tc = goTileBase(tb, f64)
	tr, tc = min(m, tr), min(n, tc)
	// Merge tiles along the longer side until each holds goMinTileFlops
	// (or the product is down to two).
	for tiles := ((m + tr - 1) / tr) * ((n + tc - 1) / tc); tiles > 2 && f/tiles < goMinTileFlops; tiles = ((m + tr - 1) / tr) * ((n + tc - 1) / tc) {
		if (m+tr-1)/tr >= (n+tc-1)/tc {
			tr *= 2
		} else {
			tc *= 2
		}
	}
	if ((m+tr-1)/tr)*((n+tc-1)/tc) < 2 {
		// One tile: cut it in two along its longer side.
		if m >= n {
			tr = (m + 1) / 2
		} else {
			tc = (n + 1) / 2
		}
	}
	return tr, tc, true
}

// goTileBase returns the tile goProductTiles starts from before merging:
// 64×64, except for float32 products with B not transposed on the AVX-512
// kernels, which start from 56×128, four 14×32 micro-tiles by four. Per CPU
// second of one core (BenchmarkGoTiles, 2026-12-02, docs/performance.md),
// W8b's 1024×256·256×784 went 182 → 194 GFLOPS and W3's 128×256·784×256
// 178 → 199: a 64-row tile runs the 8-row kernel (64 is no multiple of
// 14), and a 128-wide one reuses each 56-row block of A (175 KB at k = 784,
// in L2) over four B panels. With B transposed each tile packs its own
// columns of B, so taller tiles pack less: there 64×64 stayed best (W3's
// 128×256·(256×128)ᵀ 150 against 110, W6's 64×800·(800×500)ᵀ 154 against
// 98).
func goTileBase(tb, f64 bool) (tr, tc int) {
	if !f64 && !tb && useGemmAVX2 && useGemmAVX512 {
		return 56, 128
	}
	return tileRows, tileCols
}

// dispatch runs j's tiles on the workers and the caller, waits for them,
// and releases j (which is not to be used afterwards).
func (j *gemmJob) dispatch() {
	j.tilesN = (j.n + j.tc - 1) / j.tc
	j.tiles = ((j.m + j.tr - 1) / j.tr) * j.tilesN
	helpers := min(parallel.Helpers(), j.tiles-1)
	j.share.Start(j.tiles, 1+helpers)
	for i := 0; i < helpers; i++ {
		if !parallel.TrySubmit(j) {
			j.share.Release() // the caller computes that worker's tiles
		}
	}
	j.run()
	j.share.Wait()
	j.release()
}

// run computes tiles until none are left.
func (j *gemmJob) run() {
	for {
		t, ok := j.share.Claim()
		if !ok {
			return
		}
		r0, c0 := (t/j.tilesN)*j.tr, (t%j.tilesN)*j.tc
		mi, nj := min(j.tr, j.m-r0), min(j.tc, j.n-c0)
		// Rows r0.. of op(A): stored rows when A is not transposed, stored
		// columns when it is. Columns c0.. of op(B) likewise.
		ao, bo := r0*j.lda, c0
		if j.ta {
			ao = r0
		}
		if j.tb {
			bo = c0 * j.ldb
		}
		co := r0*j.ldc + c0
		if j.f32 {
			j.inner.Sgemm(j.ta, j.tb, mi, nj, j.k, j.alpha32, j.a32[ao:], j.lda, j.b32[bo:], j.ldb, j.beta3, j.c32[co:], j.ldc)
		} else {
			j.inner.Dgemm(j.ta, j.tb, mi, nj, j.k, j.alpha, j.a[ao:], j.lda, j.b[bo:], j.ldb, j.beta, j.c[co:], j.ldc)
		}
		if j.epi != nil {
			j.epi.Tile(r0, r0+mi, c0, c0+nj)
		}
		j.share.Finish()
	}
}

// tiledDgemm computes the float64 product as tiles of tr × tc on the workers,
// each tile by inner (which must compute it on the calling goroutine) and
// then, unless epi is nil, epi on that tile.
func tiledDgemm(inner Gemm, epi Epilogue, tr, tc int, ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	j := getJob()
	j.inner, j.epi, j.tr, j.tc = inner, epi, tr, tc
	j.f32, j.ta, j.tb, j.m, j.n, j.k, j.lda, j.ldb, j.ldc = false, ta, tb, m, n, k, lda, ldb, ldc
	j.a, j.b, j.c, j.alpha, j.beta = a, b, c, alpha, beta
	j.dispatch()
}

// tiledSgemm is tiledDgemm for float32.
func tiledSgemm(inner Gemm, epi Epilogue, tr, tc int, ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	j := getJob()
	j.inner, j.epi, j.tr, j.tc = inner, epi, tr, tc
	j.f32, j.ta, j.tb, j.m, j.n, j.k, j.lda, j.ldb, j.ldc = true, ta, tb, m, n, k, lda, ldb, ldc
	j.a32, j.b32, j.c32, j.alpha32, j.beta3 = a, b, c, alpha, beta
	j.dispatch()
}

// gonumSerial is gonum's Gemm for products small enough (fewer than four
// 64×64 blocks) that gonum computes them on the calling goroutine.
type gonumSerial struct{}

func (gonumSerial) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	gonumImpl.Dgemm(trans(ta), trans(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (gonumSerial) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gonumImpl.Sgemm(trans(ta), trans(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
