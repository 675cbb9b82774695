package kernels

//go:generate go run -C asm ./runs -out ../runs_amd64.s

// The AVX2 run kernels in runs_amd64.s, which asm/runs generates with avo:
// g is runs.geom's description of the nest. Only the base pointers are
// used: the callers (gatherRuns, scatterAddRuns) have checked the bounds.

// gatherRunsAVX2 copies the strided runs of src into dst, one after another.
//
//go:noescape
func gatherRunsAVX2(dst, src []byte, geo *[11]int)

// scatterAddRuns32AVX2 adds the float32 runs of src, one after another,
// into the strided runs of dst.
//
//go:noescape
func scatterAddRuns32AVX2(dst, src []byte, geo *[11]int)

// scatterAddRuns64AVX2 is scatterAddRuns32AVX2 for float64.
//
//go:noescape
func scatterAddRuns64AVX2(dst, src []byte, geo *[11]int)
