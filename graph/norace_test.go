//go:build !race

package graph_test

// raceEnabled is true under the race detector, where a product on OpenBLAS
// may allocate (see ops/allocs_test.go) and allocation counts skip it.
const raceEnabled = false
