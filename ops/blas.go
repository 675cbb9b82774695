package ops

import (
	"os"

	"github.com/pkg/errors"

	"github.com/chainrule/chainrule/internal/kernels"
)

// Gemm is the pair of general matrix products that MatMul needs, in
// row-major order: c ← alpha·op(a)·op(b) + beta·c with op(a) m×k and op(b)
// k×n. The products themselves live in internal/kernels.
type Gemm = kernels.Gemm

// GoBLAS is chainrule's pure-Go Gemm, the default where OpenBLAS is not
// installed: its own AVX-512F or AVX2+FMA kernels (Go assembly, the same
// bits either way) on CPUs that have them, gonum's kernels elsewhere. Large products are cut into tiles run by the
// workers; each element of the result is one chain of fused multiply-adds
// over k in ascending order whichever tile computes it, so results are
// bit-identical from run to run.
type GoBLAS = kernels.GoBLAS

// GonumBLAS is the pure-Go Gemm of gonum.org/v1/gonum/blas/gonum, tiled
// like GoBLAS so that a product allocates nothing.
type GonumBLAS = kernels.GonumBLAS

// BLAS is the Gemm that MatMul and the convolutions use: OpenBLAS where it
// is installed and chainrule's pure-Go GoBLAS elsewhere, as chosen by
// BLASEnv when the package starts. Set it before running programs (not
// while one runs) to use another.
var BLAS Gemm = GoBLAS{}

// BLASEnv is the environment variable read once, when package ops is
// initialised, to choose BLAS:
//
//	auto (or unset)   OpenBLAS loaded at run time where it is installed
//	                  (libopenblas.so.0, e.g. Debian's libopenblas0), and
//	                  GoBLAS, chainrule's pure-Go Gemm, where it is not
//	                  (the default)
//	openblas          the same; the name stresses the wish
//	go                GoBLAS even where OpenBLAS is installed: chainrule's
//	                  AVX-512F or AVX2+FMA kernels in Go assembly, or
//	                  gonum's kernels on CPUs without them
//	go-avx2           GoBLAS with its AVX2+FMA kernels even on a CPU with
//	                  AVX-512F (the same bits; to compare their speed)
//	gonum             gonum's pure-Go Gemm alone, as gorgonia uses it
//
// chainrule needs no C library: on a machine without OpenBLAS it runs on
// GoBLAS. BLASName says which one is in use and, after a fallback, why.
const BLASEnv = kernels.Env

// blasNote is why the requested BLAS is not the one in use, or "".
var blasNote string

func init() { blasNote = selectBLAS(os.Getenv(BLASEnv)) }

// selectBLAS sets BLAS for the value of BLASEnv and returns a note on any
// fallback.
func selectBLAS(v string) string {
	g, err := kernels.Select(v)
	BLAS = g
	if err != nil {
		return "ops: " + err.Error()
	}
	return ""
}

// OpenBLAS loads OpenBLAS at run time (through purego, without cgo) and
// returns its Gemm. It errors, saying which files it tried, when the library
// or its dgemm_/sgemm_ cannot be found, and on systems where loading is not
// supported. The library is loaded at most once.
func OpenBLAS() (Gemm, error) {
	g, err := kernels.OpenBLAS()
	return g, errors.WithMessage(err, "ops")
}

// BLASName names the Gemm that MatMul uses now: "go (AVX-512F kernels)",
// "go (AVX2+FMA kernels)",
// "gonum", "openblas (libopenblas.so.0)", or the Go type of a Gemm set by
// the caller. When BLASEnv asked for OpenBLAS and it could not be loaded,
// the name is followed by the reason: "go (AVX2+FMA kernels) (ops: OpenBLAS:
// not found ...)".
func BLASName() string {
	name := kernels.Name(BLAS)
	if _, ok := BLAS.(GoBLAS); ok && blasNote != "" {
		name += " (" + blasNote + ")"
	}
	return name
}
