//go:build race

package layers_test

// rnnRace is true under the race detector.
const rnnRace = true
