//go:build tools

// Package chainrule pins dependencies that are used by packages still growing
// (benchmarks against gorgonia, plots, progress bars, optional OpenBLAS loading),
// so that `go mod tidy` keeps them in go.mod. It is never built.
package chainrule

import (
	_ "github.com/ebitengine/purego"
	_ "github.com/pkg/errors"
	_ "github.com/schollz/progressbar/v3"
	_ "go4.org/unsafe/assume-no-moving-gc"
	_ "gonum.org/v1/gonum/blas/gonum"
	_ "gonum.org/v1/plot"
	_ "gorgonia.org/gorgonia"
	_ "gorgonia.org/tensor"
)
