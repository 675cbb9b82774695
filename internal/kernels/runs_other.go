//go:build !amd64

package kernels

import "unsafe"

// Where there is no assembly the run kernels are never called (useAVX2 is
// false there); these are the Go loops on the assembly's arguments, so that
// gatherRuns and scatterAddRuns compile and any call would still be right.

func gatherRunsAVX2(dst, src []byte, g *[11]int) { gatherRunsGo(runsOf(g, 1), dst, src) }

func scatterAddRuns32AVX2(dst, src []byte, g *[11]int) {
	scatterAddRunsGo(runsOf(g, 4), floatsOf[float32](dst), floatsOf[float32](src))
}

func scatterAddRuns64AVX2(dst, src []byte, g *[11]int) {
	scatterAddRunsGo(runsOf(g, 8), floatsOf[float64](dst), floatsOf[float64](src))
}

// runsOf undoes runs.geom for elements of sz bytes.
func runsOf(g *[11]int, sz int) *runs {
	return &runs{n: [4]int{g[0], g[1], g[2], g[3]}, s: [4]int{g[4] / sz, g[5] / sz, g[6] / sz, g[7] / sz}, run: (32*g[8] + g[9]) / sz, gap: g[10] / sz}
}

// floatsOf views bytes as the floats they hold.
func floatsOf[T float32 | float64](b []byte) []T {
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}
