#!/bin/sh
# run.sh runs the W1–W5 benchmarks of chainrule and gorgonia side by side and
# prints benchstat's summary, then per workload: the median ms per training
# step, the ratio gorgonia/chainrule (higher is better for chainrule), allocs
# per step and the GFLOPS achieved by the matrix products (2·m·n·k per
# product, ×3 for forward and backward).
#
# Usage (from the repository root or bench/):
#
#	bench/run.sh [count] [bench regexp]     # defaults: 6 and W[1-5]
#
# The chainrule-openblas rows appear where OpenBLAS is installed; there the
# script also measures the machine's float32
# ceiling (a 1024³ sgemm on OpenBLAS's own threads, ops.BenchmarkSgemm) and
# prints W3's share of it.
set -eu
cd "$(dirname "$0")/.."
count=${1:-6}
pattern=${2:-W[1-5]}
out=$(mktemp /tmp/chainrule-bench.XXXXXX)
echo "# $(go version), $(nproc) cores, $(uname -m), load: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -run='^$' -bench="$pattern" -benchmem -count="$count" ./bench/ | tee "$out" >/dev/null
ceil=$(go test -run='^$' -bench='Sgemm/1024³/openblas-threads' -count="$count" ./ops/ 2>/dev/null |
	awk '/GFLOPS/ { for (i = 1; i < NF; i++) if ($(i+1) == "GFLOPS") v[++n] = $i }
	END { if (n == 0) exit; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
	      print (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) }')
go run golang.org/x/perf/cmd/benchstat@latest "$out"
echo
awk '
BEGIN {
	# matrix-product MFLOP per training step (forward + backward, ×3)
	mf["W1"] = 19.513; mf["W2"] = 156.11; mf["W3"] = 186.09; mf["W4"] = 14.205; mf["W5"] = 0
}
/^Benchmark/ {
	split($1, p, "/"); w = substr(p[1], 10); s = p[2]; sub(/-[0-9]+$/, "", s)
	k = w SUBSEP s; n[k]++; ns[k, n[k]] = $3; al[k] = $7; seen[w] = 1; sides[s] = 1
}
function median(k,   i, j, t, c, a) {
	c = n[k]; for (i = 1; i <= c; i++) a[i] = ns[k, i]
	for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
}
END {
	printf "%-4s %-20s %12s %10s %10s %8s\n", "", "engine", "ms/step", "vs gorgonia", "allocs", "GFLOPS"
	for (i = 1; i <= 5; i++) {
		w = "W" i; if (!(w in seen)) continue
		g = ((w, "gorgonia") in n) ? median(w SUBSEP "gorgonia") : 0
		split("chainrule gorgonia chainrule-openblas", order, " ")
		for (o = 1; o <= 3; o++) {
			s = order[o]; k = w SUBSEP s; if (!(k in n)) continue
			m = median(k)
			r = (g > 0) ? sprintf("%.2fx", g / m) : "-"
			gf = mf[w] > 0 ? sprintf("%.1f", mf[w] * 1e6 / m) : "-"
			printf "%-4s %-20s %12.4g %10s %10s %8s\n", w, s, m / 1e6, r, al[k], gf
		}
	}
	if (ceil > 0 && ("W3" SUBSEP "chainrule-openblas") in n)
		printf "\nW3 with OpenBLAS: %.1f GFLOPS = %.0f%% of a 1024³ sgemm on this machine (%.1f GFLOPS, OpenBLAS threads, median)\n",
			mf["W3"] * 1e6 / median("W3" SUBSEP "chainrule-openblas"), 100 * mf["W3"] * 1e6 / median("W3" SUBSEP "chainrule-openblas") / ceil, ceil
}' ceil="${ceil:-0}" "$out"
echo "# raw results: $out"
