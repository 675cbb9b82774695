package ops

import (
	"runtime"
	"sync"
	"sync/atomic"
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
	// minParallelFlops is the product size below which tiling costs more
	// than it saves; such products run serially on the caller's goroutine.
	minParallelFlops = 2 * 64 * 64 * 64
)

// gemmJob is one product split into tiles. Jobs are reused (see jobFree) so
// that a product allocates nothing.
type gemmJob struct {
	inner          Gemm // computes one tile on the calling goroutine
	tr, tc         int  // tile rows and columns
	f32            bool
	ta, tb         bool
	m, n, k        int
	lda, ldb, ldc  int
	a, b, c        []float64
	a32, b32, c32  []float32
	alpha, beta    float64
	alpha32, beta3 float32
	tilesN, tiles  int
	next           atomic.Int64
	wg             sync.WaitGroup
}

var (
	gemmOnce    sync.Once
	gemmWork    chan *gemmJob
	gemmHelpers int
	jobMu       sync.Mutex
	jobFree     []*gemmJob
)

func startGemmWorkers() {
	gemmHelpers = runtime.GOMAXPROCS(0) - 1
	gemmWork = make(chan *gemmJob, 4*max(1, gemmHelpers))
	for i := 0; i < gemmHelpers; i++ {
		go func() {
			for j := range gemmWork {
				j.run()
				j.wg.Done()
			}
		}()
	}
}

func getJob() *gemmJob {
	jobMu.Lock()
	defer jobMu.Unlock()
	if n := len(jobFree); n > 0 {
		j := jobFree[n-1]
		jobFree = jobFree[:n-1]
		return j
	}
	return new(gemmJob)
}

func putJob(j *gemmJob) {
	j.inner, j.a, j.b, j.c, j.a32, j.b32, j.c32 = nil, nil, nil, nil, nil, nil, nil
	jobMu.Lock()
	jobFree = append(jobFree, j)
	jobMu.Unlock()
}

// parallel reports whether a product of this size is tiled: always when
// gonum would otherwise start goroutines (four or more 64×64 blocks), and for
// two or three tiles when the product is large enough to gain from two cores.
func parallel(m, n, k int) bool {
	tiles := ((m + tileRows - 1) / tileRows) * ((n + tileCols - 1) / tileCols)
	return tiles >= 4 || (tiles > 1 && 2*m*n*k >= minParallelFlops)
}

// dispatch runs j's tiles on the workers and the caller, and waits.
func (j *gemmJob) dispatch() {
	gemmOnce.Do(startGemmWorkers)
	j.tilesN = (j.n + j.tc - 1) / j.tc
	j.tiles = ((j.m + j.tr - 1) / j.tr) * j.tilesN
	j.next.Store(0)
	helpers := min(gemmHelpers, j.tiles-1)
	j.wg.Add(helpers)
	for i := 0; i < helpers; i++ {
		gemmWork <- j
	}
	j.run()
	j.wg.Wait()
}

// run computes tiles until none are left.
func (j *gemmJob) run() {
	for {
		t := int(j.next.Add(1)) - 1
		if t >= j.tiles {
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
	}
}

// tiledDgemm computes the float64 product as tiles of tr × tc on the workers,
// each tile by inner (which must compute it on the calling goroutine).
func tiledDgemm(inner Gemm, tr, tc int, ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	j := getJob()
	j.inner, j.tr, j.tc = inner, tr, tc
	j.f32, j.ta, j.tb, j.m, j.n, j.k, j.lda, j.ldb, j.ldc = false, ta, tb, m, n, k, lda, ldb, ldc
	j.a, j.b, j.c, j.alpha, j.beta = a, b, c, alpha, beta
	j.dispatch()
	putJob(j)
}

// tiledSgemm is tiledDgemm for float32.
func tiledSgemm(inner Gemm, tr, tc int, ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	j := getJob()
	j.inner, j.tr, j.tc = inner, tr, tc
	j.f32, j.ta, j.tb, j.m, j.n, j.k, j.lda, j.ldb, j.ldc = true, ta, tb, m, n, k, lda, ldb, ldc
	j.a32, j.b32, j.c32, j.alpha32, j.beta3 = a, b, c, alpha, beta
	j.dispatch()
	putJob(j)
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
