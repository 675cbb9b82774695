//go:build !race

package ops

// raceEnabled is true under the race detector, where the long numerical
// sweeps (which check arithmetic, not concurrency) use coarser strides.
const raceEnabled = false
