#!/bin/sh
# sweep.sh measures how chainrule's cost grows (pure Go, ops.GoBLAS): ms per
# training step and the bytes its program holds (graph.Program.Bytes) over
# the batch size (1 … 1,024) on W3 and W6 and the sequence length (8 … 512)
# on W7, and writes docs/scaling.png and docs/scaling.md (bench/sweep_test.go,
# TestSweep). About a minute on 2 quiet cores; it prints the load average
# before and after, and scaling.md records them.
#
# Usage (from the repository root or bench/):
#
#	bench/sweep.sh [seconds per point]      # default 0.6
set -eu
cd "$(dirname "$0")/.."
echo "# $(go version), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(mktemp /tmp/chainrule-sweep.XXXXXX)
status=0
go test -run '^TestSweep$' -v -timeout 30m ./bench/ -args -sweep -sweep.budget="${1:-0.6}" -sweep.out="$PWD/docs" >"$out" 2>&1 || status=$?
grep -E 'sweep_test|^(ok|FAIL|---)|panic|Error' "$out" || cat "$out"
exit $status
