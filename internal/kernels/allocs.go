package kernels

import "strings"

// AllocsUncountable says why testing.AllocsPerRun may count allocations that
// chainrule does not make in a run whose products g computes, or "" when it
// counts chainrule's own alone. Under the race detector OpenBLAS is such a
// case: each call goes through purego.SyscallN, which takes its call frame
// from a sync.Pool, and the race detector makes every sync.Pool drop one Put
// in four at random, so about one OpenBLAS call in four allocates a frame.
// (Without -race the pool keeps the frame, and a warm run allocates
// nothing.) Every allocation test whose products may reach OpenBLAS skips
// with this reason; with GoBLAS or gonum it runs under -race too.
func AllocsUncountable(g Gemm) string {
	if s, ok := g.(interface{ String() string }); raceEnabled && ok && strings.HasPrefix(s.String(), "openblas") {
		return "race detector with " + s.String() + ": purego.SyscallN takes its call frame from a sync.Pool, which drops one Put in four at random under -race, so OpenBLAS calls allocate now and then"
	}
	return ""
}
