#!/bin/sh
# run.sh runs the W1–W8 benchmarks of chainrule (pure Go and, where OpenBLAS
# is installed, OpenBLAS), gorgonia, PyTorch and NumPy (W1–W5) in one run and prints
# benchstat's summary of the Go side, then per workload a table
# (bench/cmd/benchtable): the median ms per training step, the ratio to the
# fastest peer (gorgonia, any PyTorch setting, any NumPy setting: above 1 is
# faster than all of them), allocs per step, the GFLOPS achieved by the
# matrix products and convolutions (2·m·n·k per product, 2·B·O·C·kH·kW·Ho·Wo
# per convolution, ×3 for a training step, ×1 for W8's forward passes) and
# each engine's loss at step 20 checked against chainrule's ("losses agree"
# or a MISMATCH line and status 1).
#
# Usage (from the repository root or bench/):
#
#	bench/run.sh [count] [bench regexp]     # defaults: 6 and W[1-8]
#
# W8 is three benchmarks, W8a, W8b and W8c (see bench/w8_test.go).
#
# The Python peers run on $CHAINRULE_PYTHON (default /usr/bin/python3,
# Debian's python3-torch and python3-numpy): bench/torch_bench.py at 1
# thread, 2 threads and 2 threads with OMP_WAIT_POLICY=PASSIVE, and
# bench/numpy_bench.py at OPENBLAS_NUM_THREADS=1 and 2, each setting in its
# own process, count timed blocks of 0.5 s after 20 warm-up steps. A peer
# whose module the interpreter cannot import is skipped with a line saying
# so. Where OpenBLAS is installed the script also measures the machine's
# float32 ceiling (a 1024³ sgemm on OpenBLAS's own threads,
# kernels.BenchmarkSgemm) and prints W3's and W6's shares of it. The first line
# prints the load average: figures from a loaded machine mean little.
set -eu
cd "$(dirname "$0")/.."
count=${1:-6}
pattern=${2:-W[1-8]}
py=${CHAINRULE_PYTHON:-/usr/bin/python3}
out=$(mktemp /tmp/chainrule-bench.XXXXXX)
loss=$(mktemp /tmp/chainrule-loss20.XXXXXX)
peers=$(mktemp /tmp/chainrule-peers.XXXXXX)
echo "# $(go version), $(nproc) cores, $(uname -m), load: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -run='^$' -bench="$pattern" -benchmem -count="$count" ./bench/ | tee "$out" >/dev/null
ceil=$(go test -run='^$' -bench='Sgemm/1024³/openblas-threads' -count="$count" ./internal/kernels/ 2>/dev/null |
	awk '/GFLOPS/ { for (i = 1; i < NF; i++) if ($(i+1) == "GFLOPS") v[++n] = $i }
	END { if (n == 0) exit; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
	      print (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) }')
# every Go engine's loss at step 20 (lines "loss20 W1 chainrule 15.98… tol 1e-09")
go test -run='^TestLoss20$' -v ./bench/ >"$loss" 2>&1 || echo "# TestLoss20 failed: see $loss"
# the Python peers, on the workloads the regexp names (its part before a /)
for peer in "torch_bench.py torch PyTorch python3-torch" "numpy_bench.py numpy NumPy python3-numpy"; do
	set -- $peer
	if why=$("$py" -c "import $2" 2>&1); then
		"$py" "bench/$1" --run="${pattern%%/*}" --count="$count" >>"$peers" || echo "# $3 failed (status $?): its rows are missing"
	else
		echo "# skipped $3: $py cannot import $2 (Debian: apt-get install $4): $(echo "$why" | tail -n 1)"
	fi
done
go run golang.org/x/perf/cmd/benchstat@latest "$out"
echo
echo "# raw results: $out (Go), $loss (losses at step 20), $peers (Python peers)"
go run ./bench/cmd/benchtable -bench="$out" -loss="$loss" -peers="$peers" -ceil="${ceil:-0}"
