//go:build darwin || freebsd || linux || netbsd

package kernels

import (
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/internal/parallel"
)

// openBLASNames are the file names tried, in order, when loading OpenBLAS.
var openBLASNames = []string{"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.0.dylib"}

// openBLAS is the Gemm of a run-time loaded OpenBLAS. It calls the Fortran
// entry points dgemm_ and sgemm_, whose arguments are all pointers, so that
// purego.SyscallN passes them without reflection or allocation (the CBLAS
// functions mix float and integer registers, which SyscallN cannot).
type openBLAS struct {
	file         string
	dgemm, sgemm uintptr
	args         parallel.FreeList[gemmArgs] // scalars for calls, reused
	split        bool                        // OpenBLAS runs single-threaded; large products are split into parts run by chainrule's workers
	setThreads   uintptr                     // openblas_set_num_threads, or 0
}

// openBLASSplitFlops is the product size (2·m·n·k) from which a product is
// split into parts run by the workers, each part computed by single-threaded
// OpenBLAS: 2 parts from here, 4 from 64 times this, 8 from 256 times (see
// parts). (Switching OpenBLAS between one and two threads per product, to
// leave the largest products to its own threads, was measured and rejected:
// setting the thread count every call cost more than it gained.)
const openBLASSplitFlops = 1 << 20

// openBLASMinPart is the fewest rows or columns a part of a split product
// has.
const openBLASMinPart = 16

// gemmArgs holds the scalars whose addresses are passed to Fortran. It is
// heap-allocated so that the addresses stay valid during the call.
type gemmArgs struct {
	ta, tb                 byte
	m, n, k, lda, ldb, ldc int32
	alpha, beta            float64
	alpha32, beta32        float32
	sys                    [15]uintptr // SyscallN's arguments: passed as a slice, they do not escape again
}

var openBLASOnce struct {
	sync.Once
	g   *openBLAS
	err error
}

// loadOpenBLAS loads the library once and returns it or why it failed.
func loadOpenBLAS() (Gemm, error) {
	openBLASOnce.Do(func() {
		var errs []string
		for _, name := range openBLASNames {
			lib, err := purego.Dlopen(name, purego.RTLD_NOW|purego.RTLD_GLOBAL)
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			d, errD := purego.Dlsym(lib, "dgemm_")
			s, errS := purego.Dlsym(lib, "sgemm_")
			if errD != nil || errS != nil {
				errs = append(errs, name+": no dgemm_/sgemm_")
				continue
			}
			o := &openBLAS{file: name, dgemm: d, sgemm: s}
			// OpenBLAS's own threads wake and sleep between the many
			// mid-sized products of a training step and compete with Go's
			// threads for the cores; with one OpenBLAS thread and the
			// splitting done by chainrule's workers, steps are faster and
			// steadier. One thread whatever GOMAXPROCS is (and whatever
			// OPENBLAS_NUM_THREADS says) also keeps results bit-identical
			// across core counts: OpenBLAS's threads would cut a product
			// by their number, and the kernels for a part's edges may add
			// in another order (see parts).
			if set, err := purego.Dlsym(lib, "openblas_set_num_threads"); err == nil {
				o.setThreads = set
				purego.SyscallN(set, 1)
				o.split = true
			}
			openBLASOnce.g = o
			return
		}
		openBLASOnce.err = errors.Errorf("not found (%s)", strings.Join(errs, "; "))
	})
	if openBLASOnce.err != nil {
		return nil, openBLASOnce.err
	}
	return openBLASOnce.g, nil
}

func transChar(t bool) byte {
	if t {
		return 'T'
	}
	return 'N'
}

// setup fills the pooled scalars for the row-major product C = op(A)·op(B),
// which Fortran's column-major gemm computes as Cᵀ = op(B)ᵀ·op(A)ᵀ: the
// operands, their flags and m, n swap.
func (o *openBLAS) setup(ta, tb bool, m, n, k, lda, ldb, ldc int) *gemmArgs {
	g := o.args.Get()
	g.ta, g.tb = transChar(tb), transChar(ta)
	g.m, g.n, g.k = int32(n), int32(m), int32(k)
	g.lda, g.ldb, g.ldc = int32(ldb), int32(lda), int32(ldc)
	return g
}

func (o *openBLAS) call(fn uintptr, g *gemmArgs, alpha, a, b, beta, c unsafe.Pointer) {
	g.sys = [15]uintptr{
		uintptr(unsafe.Pointer(&g.ta)), uintptr(unsafe.Pointer(&g.tb)),
		uintptr(unsafe.Pointer(&g.m)), uintptr(unsafe.Pointer(&g.n)), uintptr(unsafe.Pointer(&g.k)),
		uintptr(alpha), uintptr(b), uintptr(unsafe.Pointer(&g.lda)), uintptr(a), uintptr(unsafe.Pointer(&g.ldb)),
		uintptr(beta), uintptr(c), uintptr(unsafe.Pointer(&g.ldc)), 1, 1}
	purego.SyscallN(fn, g.sys[:]...)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	runtime.KeepAlive(c)
	o.args.Put(g)
}

// parts returns the tile sizes that split an m×n product into 2, 4 or 8
// parts along its longer side (more for larger products, each at least
// openBLASMinPart wide), or ok false to compute it whole.
//
// The split depends on the shape alone, never on GOMAXPROCS, so each
// element of the result is computed by the same single-threaded OpenBLAS
// call however many workers share the parts: the results are bit-identical
// for any core count. (Cutting by the worker count, as before, gave other
// bits at GOMAXPROCS 3 than at 1 or 2: OpenBLAS's kernels for a part's
// ragged edges need not add in the order of its full blocks.) On the
// benchmark machine's 2 cores the W1–W3 products are all cut in 2, as they
// were; a machine with many more cores gets at most 8 parts per product.
func (o *openBLAS) parts(m, n, k int) (tr, tc int, ok bool) {
	flops := 2 * m * n * k
	if !o.split || flops < openBLASSplitFlops {
		return 0, 0, false
	}
	p := 2
	if flops >= 64*openBLASSplitFlops {
		p = 4
	}
	if flops >= 256*openBLASSplitFlops {
		p = 8
	}
	side := max(m, n)
	for p > 1 && side < p*openBLASMinPart {
		p /= 2
	}
	if p < 2 {
		return 0, 0, false
	}
	if m >= n {
		return (m + p - 1) / p, n, true
	}
	return m, (n + p - 1) / p, true
}

// Dgemm computes the float64 product with OpenBLAS.
func (o *openBLAS) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if tr, tc, ok := o.parts(m, n, k); ok {
		tiledDgemm(openBLASPart{o}, nil, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	o.dgemmWhole(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (o *openBLAS) dgemmWhole(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	g := o.setup(ta, tb, m, n, k, lda, ldb, ldc)
	g.alpha, g.beta = alpha, beta
	o.call(o.dgemm, g, unsafe.Pointer(&g.alpha), unsafe.Pointer(unsafe.SliceData(a)),
		unsafe.Pointer(unsafe.SliceData(b)), unsafe.Pointer(&g.beta), unsafe.Pointer(unsafe.SliceData(c)))
}

// Sgemm computes the float32 product with OpenBLAS.
func (o *openBLAS) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if tr, tc, ok := o.parts(m, n, k); ok {
		tiledSgemm(openBLASPart{o}, nil, tr, tc, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	o.sgemmWhole(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (o *openBLAS) sgemmWhole(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	g := o.setup(ta, tb, m, n, k, lda, ldb, ldc)
	g.alpha32, g.beta32 = alpha, beta
	o.call(o.sgemm, g, unsafe.Pointer(&g.alpha32), unsafe.Pointer(unsafe.SliceData(a)),
		unsafe.Pointer(unsafe.SliceData(b)), unsafe.Pointer(&g.beta32), unsafe.Pointer(unsafe.SliceData(c)))
}

// String returns "openblas (<file>)".
func (o *openBLAS) String() string { return "openblas (" + o.file + ")" }

// serial is o on the calling goroutine, for Serial (a method, so that
// Serial needs no build tags on systems without openBLAS).
func (o *openBLAS) serial() Gemm { return openBLASPart{o} }

// openBLASPart computes one part of a split product with OpenBLAS on the
// calling goroutine.
type openBLASPart struct{ o *openBLAS }

func (p openBLASPart) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	p.o.dgemmWhole(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (p openBLASPart) Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	p.o.sgemmWhole(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
