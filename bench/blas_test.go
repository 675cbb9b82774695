package bench

import (
	"errors"

	"github.com/chainrule/chainrule/ops"
)

// openBLAS returns the OpenBLAS Gemm, or why it is unavailable.
func openBLAS() (ops.Gemm, error) { return nil, errors.New("not built") }
