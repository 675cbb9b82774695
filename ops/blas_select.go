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
//	                  gonum's pure-Go Gemm where it is not (the default)
//	openblas          the same; the name stresses the wish
//	gonum             gonum's pure-Go Gemm even where OpenBLAS is installed
//
// chainrule needs no C library: on a machine without OpenBLAS it runs on
// gonum. BLASName says which one is in use and, after a fallback, why.
const BLASEnv = "CHAINRULE_BLAS"

// blasNote is why the requested BLAS is not the one in use, or "".
var blasNote string

func init() { blasNote = selectBLAS(os.Getenv(BLASEnv)) }

// selectBLAS sets BLAS for the value of BLASEnv and returns a note on any
// fallback.
func selectBLAS(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "gonum", "go":
		BLAS = GonumBLAS{}
		return ""
	case "", "openblas", "auto":
		g, err := OpenBLAS()
		if err != nil {
			BLAS = GonumBLAS{}
			return err.Error()
		}
		BLAS = g
		return ""
	}
	BLAS = GonumBLAS{}
	return fmt.Sprintf("ops: %s=%q is not gonum, openblas or auto", BLASEnv, v)
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

// BLASName names the Gemm that MatMul uses now: "gonum",
// "openblas (libopenblas.so.0)", or the Go type of a Gemm set by the caller.
// When BLASEnv asked for OpenBLAS and it could not be loaded, the name is
// "gonum" followed by the reason in parentheses.
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
	if _, ok := BLAS.(GonumBLAS); ok && blasNote != "" {
		name += " (" + blasNote + ")"
	}
	return name
}
