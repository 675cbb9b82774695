//go:build race

package layers_test

// raceEnabled is true under the race detector.
const raceEnabled = true
