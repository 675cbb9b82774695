package bench

import "github.com/chainrule/chainrule/ops"

// openBLAS returns the OpenBLAS Gemm, or why it is unavailable.
func openBLAS() (ops.Gemm, error) { return ops.OpenBLAS() }
