package main

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// mflop is the MFLOP of the products and convolutions of one step: 2·m·n·k
// per matrix product and 2·B·O·C·kH·kW·Ho·Wo per convolution, ×3 for a
// training step (forward and backward), ×1 for W8's forward passes; 0 where
// products are not the work. W6: convolutions 36.864 + 204.8, dense 51.2 +
// 0.64 per forward at batch 64. W7: 32 steps of x·Wx (32×32·32×512) and
// h·Wh (32×128·128×512), counted at every step, and the 32×128·128×10 head.
// W8a/W8b: W3's products at batch 1 and 1,024; W8c: W6's forward at batch 1.
var mflop = map[string]float64{"W1": 19.513, "W2": 156.11, "W3": 186.09, "W4": 14.205, "W5": 0,
	"W6": 880.512, "W7": 503.56224, "W8a": 0.484608, "W8b": 496.238592, "W8c": 4.586}

// goEngines are the sub-benchmarks of ./bench/, in table order, and their
// names in the table.
var goEngines = []struct{ sub, name string }{
	{"chainrule", "chainrule (pure Go)"},
	{"chainrule-openblas", "chainrule-openblas"},
	{"gorgonia", "gorgonia"},
}

// row is one line of the table.
type row struct {
	name    string
	ms      float64 // median ms per step
	allocs  string  // per step, "-" where not measured
	loss    float64 // at step 20
	hasLoss bool
	peer    bool // gorgonia, PyTorch, NumPy: a candidate for the fastest peer
	best    bool // a "best of" summary row, not checked itself
}

var (
	benchLine = regexp.MustCompile(`^Benchmark(\w+)/([\w.-]+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:.*?\s(\d+) allocs/op)?`)
	lossLine  = regexp.MustCompile(`loss20 (\S+) (\S+) (\S+) tol (\S+)`)
)

// goResults parses benchmark output: medians and allocs per workload and
// sub-benchmark.
func goResults(text string) (ms map[[2]string]float64, allocs map[[2]string]string) {
	ns := map[[2]string][]float64{}
	allocs = map[[2]string]string{}
	for _, l := range strings.Split(text, "\n") {
		m := benchLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		k := [2]string{m[1], m[2]}
		v, _ := strconv.ParseFloat(m[3], 64)
		ns[k] = append(ns[k], v)
		if m[4] != "" {
			allocs[k] = m[4]
		}
	}
	ms = map[[2]string]float64{}
	for k, v := range ns {
		ms[k] = median(v) / 1e6
	}
	return ms, allocs
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// peerResult is one "peer …" line of a Python peer script.
type peerResult struct {
	workload, engine, setting, variant string
	ms, loss20                         float64
	hasMS, hasLoss                     bool
}

func (p peerResult) name() string {
	if p.variant == "-" || p.variant == "" {
		return p.engine + " " + p.setting
	}
	return p.engine + " " + p.setting + " " + p.variant
}

func peerResults(text string) []peerResult {
	var out []peerResult
	for _, l := range strings.Split(text, "\n") {
		f := strings.Fields(l)
		if len(f) < 2 || f[0] != "peer" {
			continue
		}
		p := peerResult{workload: f[1]}
		for _, kv := range f[2:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "engine":
				p.engine = v
			case "setting":
				p.setting = v
			case "variant":
				p.variant = v
			case "ms":
				x, err := strconv.ParseFloat(v, 64)
				p.ms, p.hasMS = x, err == nil
			case "loss20":
				x, err := strconv.ParseFloat(v, 64)
				p.loss20, p.hasLoss = x, err == nil
			}
		}
		out = append(out, p)
	}
	return out
}

// losses parses TestLoss20's log: the loss at step 20 per workload and Go
// engine, and each workload's tolerance.
func losses(text string) (loss map[[2]string]float64, tol map[string]float64) {
	loss, tol = map[[2]string]float64{}, map[string]float64{}
	for _, l := range strings.Split(text, "\n") {
		m := lossLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		v, err1 := strconv.ParseFloat(m[3], 64)
		t, err2 := strconv.ParseFloat(m[4], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		loss[[2]string{m[1], m[2]}] = v
		tol[m[1]] = t
	}
	return loss, tol
}

// workloadLess orders W2 before W10.
func workloadLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// write prints the table and the loss verdict; it reports whether every
// loss was present and agreed.
func write(w io.Writer, in inputs) bool {
	ms, allocs := goResults(in.bench)
	peers := peerResults(in.peers)
	loss, tol := losses(in.loss)
	seen := map[string]bool{}
	for k := range ms {
		seen[k[0]] = true
	}
	for _, p := range peers {
		seen[p.workload] = true
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return workloadLess(names[i], names[j]) })

	var problems []string
	checks := 0
	fmt.Fprintf(w, "%-4s %-38s %12s %16s %11s %8s  %s\n", "", "engine", "time/step", "vs fastest peer", "allocs/step", "GFLOPS", "loss at step 20 (relative difference to chainrule's)")
	for _, wl := range names {
		var rows []row
		for _, e := range goEngines {
			k := [2]string{wl, e.sub}
			m, ok := ms[k]
			if !ok {
				continue
			}
			l, hl := loss[k]
			rows = append(rows, row{name: e.name, ms: m, allocs: allocs[k], loss: l, hasLoss: hl, peer: e.sub == "gorgonia"})
		}
		var group []row // one peer engine's rows, followed by its best
		flush := func(engine string) {
			if len(group) > 1 {
				b := group[0]
				for _, r := range group[1:] {
					if r.ms < b.ms {
						b = r
					}
				}
				group = append(group, row{name: engine + " best (" + strings.TrimPrefix(b.name, engine+" ") + ")", ms: b.ms, allocs: "-", best: true})
			}
			rows, group = append(rows, group...), nil
		}
		engine := ""
		for _, p := range peers {
			if p.workload != wl || !p.hasMS {
				continue
			}
			if p.engine != engine {
				flush(engine)
				engine = p.engine
			}
			group = append(group, row{name: p.name(), ms: p.ms, allocs: "-", loss: p.loss20, hasLoss: p.hasLoss, peer: true})
		}
		flush(engine)
		fastest := math.Inf(1)
		for _, r := range rows {
			if r.peer {
				fastest = math.Min(fastest, r.ms)
			}
		}
		ref, hasRef := loss[[2]string{wl, "chainrule"}]
		unit, scale := "ms", 1.0 // µs for a workload whose fastest row is under 0.1 ms
		for _, r := range rows {
			if r.ms < 0.1 {
				unit, scale = "µs", 1e3
			}
		}
		for i, r := range rows {
			label := ""
			if i == 0 {
				label = wl
			}
			ratio := "-"
			if !math.IsInf(fastest, 1) && r.ms > 0 {
				ratio = fmt.Sprintf("%.2f×", fastest/r.ms)
				if fastest/r.ms < 0.1 {
					ratio = fmt.Sprintf("%.2g×", fastest/r.ms)
				}
			}
			gf := "-"
			if mf := mflop[wl]; mf > 0 && r.ms > 0 {
				gf = fmt.Sprintf("%.1f", mf/r.ms) // MFLOP per ms = GFLOPS
			}
			al := r.allocs
			if al == "" {
				al = "-"
			}
			verdict := "-"
			switch {
			case r.best:
			case !r.hasLoss:
				verdict = "MISSING"
				problems = append(problems, fmt.Sprintf("%s %s: no loss at step 20", wl, r.name))
			case !hasRef:
				verdict = fmt.Sprintf("%.10g (no chainrule loss to compare)", r.loss)
				problems = append(problems, fmt.Sprintf("%s: no chainrule loss at step 20", wl))
			case r.name == goEngines[0].name:
				verdict = fmt.Sprintf("%.10g (the reference)", r.loss)
			default:
				checks++
				d := math.Abs(r.loss-ref) / math.Max(1, math.Abs(ref))
				if d <= tol[wl] {
					verdict = fmt.Sprintf("%.10g ok (%.1e)", r.loss, d)
				} else {
					verdict = fmt.Sprintf("%.10g MISMATCH (%.1e > %.0e)", r.loss, d, tol[wl])
					problems = append(problems, fmt.Sprintf("%s %s: loss at step 20 %.17g, chainrule's %.17g (relative difference %.2g > %g)",
						wl, r.name, r.loss, ref, d, tol[wl]))
				}
			}
			fmt.Fprintf(w, "%-4s %-38s %12s %16s %11s %8s  %s\n", label, r.name, fmt.Sprintf("%.4g %s", r.ms*scale, unit), ratio, al, gf, verdict)
		}
	}
	if in.ceil > 0 {
		fmt.Fprintln(w)
	}
	for _, c := range []struct{ wl, sub, name string }{
		{"W3", "chainrule-openblas", "with OpenBLAS"}, {"W6", "chainrule", "pure Go"}, {"W6", "chainrule-openblas", "with OpenBLAS"},
	} {
		if m, ok := ms[[2]string{c.wl, c.sub}]; ok && in.ceil > 0 {
			g := mflop[c.wl] / m
			fmt.Fprintf(w, "%s %s: %.1f GFLOPS = %.0f%% of a 1024³ sgemm on this machine (%.1f GFLOPS, OpenBLAS threads, median)\n",
				c.wl, c.name, g, 100*g/in.ceil, in.ceil)
		}
	}
	fmt.Fprintln(w)
	if len(problems) == 0 {
		fmt.Fprintf(w, "losses agree: %d engine×workload losses at step 20 within tolerance of chainrule's\n", checks)
		return true
	}
	for _, p := range problems {
		fmt.Fprintln(w, "MISMATCH:", p)
	}
	return false
}
