//go:build darwin || freebsd || linux || netbsd

package kernels

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/ebitengine/purego"
)

// BenchmarkSgemm measures float32 products through the OpenBLAS binding:
// the machine's 1024³ figure that docs/performance.md compares W3 with, and
// W3's own shapes. "split" is how chainrule runs OpenBLAS (one OpenBLAS
// thread, products split over chainrule's workers); "openblas-threads" lets
// OpenBLAS use GOMAXPROCS threads of its own. The GFLOPS metric counts
// 2·m·n·k per product.
//
//	go test -run='^$' -bench=Sgemm ./internal/kernels/
func BenchmarkSgemm(b *testing.B) {
	g, err := OpenBLAS()
	if err != nil {
		b.Skip(err)
	}
	o := g.(*openBLAS)
	set := o.setThreads
	if set == 0 || !o.split {
		b.Skip("OpenBLAS without openblas_set_num_threads")
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, sz := range []struct {
		name    string
		ta, tb  bool
		m, n, k int
	}{
		{"1024³", false, false, 1024, 1024, 1024},
		{"W3-fwd-128x784·784x256", false, false, 128, 256, 784},
		{"W3-dW-784x128ᵀ·128x256", true, false, 784, 256, 128},
		{"W3-dX-128x256·256x128ᵀ", false, true, 128, 128, 256},
	} {
		ar, ac := sz.m, sz.k
		if sz.ta {
			ar, ac = sz.k, sz.m
		}
		br, bc := sz.k, sz.n
		if sz.tb {
			br, bc = sz.n, sz.k
		}
		a, bb, c := to32(randn(rng, ar*ac)), to32(randn(rng, br*bc)), make([]float32, sz.m*sz.n)
		for _, mode := range []string{"split", "openblas-threads"} {
			b.Run(fmt.Sprintf("%s/%s", sz.name, mode), func(b *testing.B) {
				b.ReportAllocs()
				if mode == "openblas-threads" {
					o.split = false
					purego.SyscallN(set, uintptr(runtime.GOMAXPROCS(0)))
					defer func() { purego.SyscallN(set, 1); o.split = true }()
				}
				for b.Loop() {
					o.Sgemm(sz.ta, sz.tb, sz.m, sz.n, sz.k, 1, a, ac, bb, bc, 0, c, sz.n)
				}
				b.ReportMetric(2*float64(sz.m*sz.n*sz.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}
