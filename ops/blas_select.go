package ops

import (
	"fmt"
	"os"
	"strings"

	"github.com/pkg/errors"
)

// BLASEnv is the environment variable read once, when package ops is
// initialised, to choose BLAS:
//
//	auto (or unset)   OpenBLAS loaded at run time where it is installed
//	                  (libopenblas.so.0, e.g. Debian's libopenblas0), and
//	                  GoBLAS, chainrule's pure-Go Gemm, where it is not
//	                  (the default)
//	openblas          the same; the name stresses the wish
//	go                GoBLAS even where OpenBLAS is installed: chainrule's
//	                  AVX2+FMA kernels in Go assembly, or gonum's kernels on
//	                  CPUs without them
//	gonum             gonum's pure-Go Gemm alone, as gorgonia uses it
//
// chainrule needs no C library: on a machine without OpenBLAS it runs on
// GoBLAS. BLASName says which one is in use and, after a fallback, why.
const BLASEnv = "CHAINRULE_BLAS"

// blasNote is why the requested BLAS is not the one in use, or "".
var blasNote string

func init() { blasNote = selectBLAS(os.Getenv(BLASEnv)) }

// selectBLAS sets BLAS for the value of BLASEnv and returns a note on any
// fallback.
func selectBLAS(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "gonum":
		BLAS = GonumBLAS{}
		return ""
	case "go":
		BLAS = GoBLAS{}
		return ""
	case "", "openblas", "auto":
		g, err := OpenBLAS()
		if err != nil {
			BLAS = GoBLAS{}
			return err.Error()
		}
		BLAS = g
		return ""
	}
	BLAS = GoBLAS{}
	return fmt.Sprintf("ops: %s=%q is not auto, openblas, go or gonum", BLASEnv, v)
}

// OpenBLAS loads OpenBLAS at run time (through purego, without cgo) and
// returns its Gemm. It errors, saying which files it tried, when the library
// or its dgemm_/sgemm_ cannot be found, and on systems where loading is not
// supported. The library is loaded at most once.
func OpenBLAS() (Gemm, error) {
	g, err := loadOpenBLAS()
	if err != nil {
		return nil, errors.Wrap(err, "ops: OpenBLAS")
	}
	return g, nil
}

// BLASName names the Gemm that MatMul uses now: "go (AVX2+FMA kernels)",
// "gonum", "openblas (libopenblas.so.0)", or the Go type of a Gemm set by
// the caller. When BLASEnv asked for OpenBLAS and it could not be loaded,
// the name is followed by the reason: "go (AVX2+FMA kernels) (ops: OpenBLAS:
// not found ...)".
func BLASName() string {
	var name string
	switch g := BLAS.(type) {
	case GonumBLAS:
		name = "gonum"
	case fmt.Stringer:
		name = g.String()
	default:
		name = fmt.Sprintf("%T", g)
	}
	if _, ok := BLAS.(GoBLAS); ok && blasNote != "" {
		name += " (" + blasNote + ")"
	}
	return name
}
