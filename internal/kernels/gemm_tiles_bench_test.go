//go:build linux

package kernels

import (
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
)

// threadCPU returns the CPU seconds the calling OS thread has used (Linux,
// RUSAGE_THREAD): a measure the other processes' load on a shared machine
// does not stretch.
func threadCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// BenchmarkGoTiles computes the float32 products of the GEMM-bound
// workloads as goProductTiles cuts them for two workers, but every tile on
// the caller (one locked OS thread), and reports GFLOPS per CPU second of
// that thread (cpuGFLOPS) and the number of tiles: what the tile shape
// costs in packing and cache reuse, apart from how the workers balance.
// Unlike wall time, it barely moves when another process shares the cores.
//
//	go test -run='^$' -bench=GoTiles ./internal/kernels/
func BenchmarkGoTiles(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, s := range []struct {
		name    string
		ta, tb  bool
		m, n, k int
	}{
		{"W3-128x256x784NN", false, false, 128, 256, 784},
		{"W3-784x256x128TN", true, false, 784, 256, 128},
		{"W3-128x128x256NN", false, false, 128, 128, 256},
		{"W3-256x128x128TN", true, false, 256, 128, 128},
		{"W3-128x256x128NT", false, true, 128, 256, 128},
		{"W8b-1024x256x784NN", false, false, 1024, 256, 784},
		{"W8b-1024x128x256NN", false, false, 1024, 128, 256},
		{"W8b-1024x64x128NN", false, false, 1024, 64, 128},
		{"W2-256x128x784NN", false, false, 256, 128, 784},
		{"W2-784x128x256TN", true, false, 784, 128, 256},
		{"W6-64x500x800NN", false, false, 64, 500, 800},
		{"W6-800x500x64TN", true, false, 800, 500, 64},
		{"W6-64x800x500NT", false, true, 64, 800, 500},
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
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			tr, tc, ok := goProductTiles(s.tb, s.m, s.n, s.k, false)
			if !ok {
				b.Skip("not tiled")
			}
			j := getJob()
			j.inner, j.tr, j.tc = avx2Serial{}, tr, tc
			j.f32, j.ta, j.tb, j.m, j.n, j.k, j.lda, j.ldb, j.ldc = true, s.ta, s.tb, s.m, s.n, s.k, ac, bc, s.n
			j.a32, j.b32, j.c32, j.alpha32, j.beta3 = a32, b32, c32, 1, 0
			f := func() {
				j.tilesN = (j.n + j.tc - 1) / j.tc
				j.tiles = ((j.m + j.tr - 1) / j.tr) * j.tilesN
				j.share.Start(j.tiles, 2)
				j.run()
				j.share.Wait()
			}
			f()
			b.ResetTimer()
			t0 := threadCPU()
			for i := 0; i < b.N; i++ {
				f()
			}
			b.ReportMetric(flops*float64(b.N)/(threadCPU()-t0)/1e9, "cpuGFLOPS")
			b.ReportMetric(float64(j.tiles), "tiles")
		})
	}
}
