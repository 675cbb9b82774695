package ops

import "github.com/chainrule/chainrule/internal/kernels"

// AllocsUncountable says why testing.AllocsPerRun may count allocations that
// chainrule does not make in a run whose products g computes, or "" when it
// counts chainrule's own alone (see kernels.AllocsUncountable: OpenBLAS
// under the race detector). Every allocation test whose products may reach
// OpenBLAS skips with this reason.
func AllocsUncountable(g Gemm) string { return kernels.AllocsUncountable(g) }
