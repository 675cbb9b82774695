// Package bench holds the side-by-side benchmarks of chainrule, gorgonia,
// PyTorch and NumPy on the lecture's workloads (see docs/performance.md).
// It has no code of its own beyond the benchmark helpers in its tests; the
// Python peers are torch_bench.py and numpy_bench.py on peers.py's shared
// data, bench/run.sh runs everything and bench/cmd/benchtable prints the
// table; TestSweep (bench/sweep.sh) draws how the cost grows with the batch
// size and the sequence length.
package bench
