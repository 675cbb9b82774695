//go:build race

package main

// raceEnabled is true under the race detector, which slows commands down
// several times: timing bounds are not checked then.
const raceEnabled = true
