package kernels

import (
	"fmt"
	"strings"

	"github.com/pkg/errors"
)

// Env is the environment variable that chooses the BLAS (ops.BLASEnv
// documents its values).
const Env = "CHAINRULE_BLAS"

// Select returns the Gemm that Env's value v asks for: OpenBLAS for "",
// "auto" and "openblas" where it can be loaded, GoBLAS for "go", GonumBLAS
// for "gonum", and GoBLAS limited to its AVX2 kernels for "go-avx2" (on
// CPUs with AVX-512, to compare the two: every value but "go-avx2" lets
// GoBLAS use its AVX-512 kernels where the CPU has them). When the wish
// cannot be met (no OpenBLAS, an unknown value) it returns GoBLAS and why.
func Select(v string) (Gemm, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	useGemmAVX512 = v != "go-avx2" && haveGemmAVX512
	switch v {
	case "gonum":
		return GonumBLAS{}, nil
	case "go", "go-avx2":
		return GoBLAS{}, nil
	case "", "openblas", "auto":
		g, err := OpenBLAS()
		if err != nil {
			return GoBLAS{}, err
		}
		return g, nil
	}
	return GoBLAS{}, fmt.Errorf("%s=%q is not auto, openblas, go, go-avx2 or gonum", Env, v)
}

// OpenBLAS loads OpenBLAS at run time (through purego, without cgo) and
// returns its Gemm. It errors, saying which files it tried, when the library
// or its dgemm_/sgemm_ cannot be found, and on systems where loading is not
// supported. The library is loaded at most once.
func OpenBLAS() (Gemm, error) {
	g, err := loadOpenBLAS()
	if err != nil {
		return nil, errors.Wrap(err, "OpenBLAS")
	}
	return g, nil
}

// Name names a Gemm: "go (AVX-512F kernels)", "go (AVX2+FMA kernels)",
// "gonum", "openblas
// (libopenblas.so.0)", or the Go type of a Gemm it does not know.
func Name(g Gemm) string {
	switch g := g.(type) {
	case GonumBLAS:
		return "gonum"
	case fmt.Stringer:
		return g.String()
	}
	return fmt.Sprintf("%T", g)
}
