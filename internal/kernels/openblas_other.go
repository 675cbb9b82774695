//go:build !(darwin || freebsd || linux || netbsd)

package kernels

import "github.com/pkg/errors"

// loadOpenBLAS reports that run-time loading is not supported here.
func loadOpenBLAS() (Gemm, error) {
	return nil, errors.New("run-time loading is not supported on this system")
}
