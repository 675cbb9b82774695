//go:build !race

package kernels

// raceEnabled is true under the race detector, where OpenBLAS calls may
// allocate (AllocsUncountable) and the tests' long numerical sweeps (which
// check arithmetic, not concurrency) use coarser strides.
const raceEnabled = false
