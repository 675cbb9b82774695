// Package bench holds the side-by-side benchmarks of chainrule and gorgonia
// on the lecture's workloads (see docs/performance.md). It has no code of its
// own beyond the benchmark helpers in its tests.
package bench
