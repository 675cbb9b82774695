package bench

import (
	"bufio"
	"bytes"
	"context"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chainrule/chainrule/ops"
)

// workload is one benchmark workload on the Go engines, with the relative
// tolerances its losses are held to across engines: tol over the first four
// steps (see TestWorkloadsAgree), tol20 at step 20.
//
// tol20 is tol except on W3: there float32 roundoff grows along the
// trajectory (ReLU units near their kink, lr 0.05). Measured: chainrule on
// GoBLAS and on OpenBLAS agree to 1e-7 up to step 5 and by 2.1e-4 at step
// 20, while the same network in float64 agrees to 2e-16 on both BLAS at
// every step; OpenBLAS's sgemm, which blocks the 784-long inner dimension,
// has half of GoBLAS's (and gonum's) rounding error there and its float32
// run stays within 5e-8 of the float64 one, GoBLAS's within 2.5e-4.
// PyTorch and NumPy land where OpenBLAS does, gorgonia where GoBLAS does.
//
// infer marks a forward-only workload (W8): its "loss" is the batch-mean
// softmax cross-entropy of the logits against the labels, the same at every
// step. theirs is nil where gorgonia has no side, noGorgonia saying why.
type workload struct {
	name         string
	ours, theirs engine // chainrule, gorgonia
	tol, tol20   float64
	infer        bool
	noGorgonia   string
}

// workloads lists the workloads in the order of the tables. Adding one here
// adds it to TestWorkloadsAgree, TestLoss20 and TestPeersAgree; the Python
// peers (peers.py, torch_bench.py, numpy_bench.py) get a builder each.
var workloads = []workload{
	{"W1", w1.chainrule, w1.gorgonia, 1e-9, 1e-9, false, ""},
	{"W2", w2.chainrule, w2.gorgonia, 1e-4, 1e-4, false, ""},
	{"W3", w3.chainrule, w3.gorgonia, 1e-4, 1e-3, false, ""},
	{"W4", w4.chainrule, w4.gorgonia, 1e-4, 1e-4, false, ""},
	{"W5", w5chainrule, w5gorgonia, 1e-9, 1e-9, false, ""},
	{"W6", w6.chainrule, w6.gorgonia, 1e-4, 1e-4, false, ""},
	{"W7", w7.chainrule, w7.gorgonia, 1e-4, 1e-4, false, ""},
	{"W8a", w8a.chainruleInfer, w8a.gorgoniaInfer, 1e-5, 1e-5, true, ""},
	{"W8b", w8b.chainruleInfer, w8b.gorgoniaInfer, 1e-5, 1e-5, true, ""},
	{"W8c", w8c.chainruleInfer, w8c.gorgoniaInfer, 1e-5, 1e-5, true, ""},
}

// lossSteps is the step whose loss every engine must agree on.
const lossSteps = 20

// loss20 builds e and returns the loss computed by its 20th step.
func loss20(tb testing.TB, e engine) float64 {
	s, l := e(tb)
	for range lossSteps {
		if err := s(); err != nil {
			tb.Fatal(err)
		}
	}
	return l()
}

// relDiff is |a − b| / max(1, |b|), the measure the tolerances bound.
func relDiff(a, b float64) float64 { return math.Abs(a-b) / max(1, math.Abs(b)) }

// TestLoss20 checks that gorgonia and chainrule on OpenBLAS reach the loss
// of chainrule (pure Go) at step 20, and logs each as
//
//	loss20 W1 chainrule 15.989808838623073 tol 1e-09
//
// which bench/run.sh reads (go test -run '^TestLoss20$' -v) to check the
// Python peers' losses of the same run.
func TestLoss20(t *testing.T) {
	ob, obErr := openBLAS()
	for _, w := range workloads {
		t.Run(w.name, func(t *testing.T) {
			withBLAS(t, ops.GoBLAS{})
			ref := loss20(t, w.ours)
			t.Logf("loss20 %s chainrule %s tol %g", w.name, strconv.FormatFloat(ref, 'g', -1, 64), w.tol20)
			others := []struct {
				name string
				e    engine
			}{}
			if w.theirs != nil {
				others = append(others, struct {
					name string
					e    engine
				}{"gorgonia", w.theirs})
			} else {
				t.Logf("%s: no gorgonia side (%s)", w.name, w.noGorgonia)
			}
			if obErr == nil {
				others = append(others, struct {
					name string
					e    engine
				}{"chainrule-openblas", func(tb testing.TB) (step, func() float64) { withBLAS(tb, ob); return w.ours(tb) }})
			}
			for _, o := range others {
				got := loss20(t, o.e)
				t.Logf("loss20 %s %s %s tol %g", w.name, o.name, strconv.FormatFloat(got, 'g', -1, 64), w.tol20)
				if d := relDiff(got, ref); !(d <= w.tol20) {
					t.Errorf("%s: %s's loss at step 20 is %.17g, chainrule's %.17g (relative difference %.2g > %g)",
						w.name, o.name, got, ref, d, w.tol20)
				}
			}
		})
	}
}

// pythonPeer is a Python peer script, the module it needs and the
// workloads it runs (nil: all).
type pythonPeer struct {
	script, module string
	only           []string
}

var pythonPeers = []pythonPeer{
	{"torch_bench.py", "torch", nil},
	{"numpy_bench.py", "numpy", []string{"W1", "W2", "W3", "W4", "W5"}}, // the issue asks NumPy for W1–W5
}

// python returns the interpreter of the Python peers: $CHAINRULE_PYTHON, or
// /usr/bin/python3 (Debian's, where python3-torch and python3-numpy install).
func python() string {
	if p := os.Getenv("CHAINRULE_PYTHON"); p != "" {
		return p
	}
	return "/usr/bin/python3"
}

// peerLine is one result line of a Python peer (see peers.py).
type peerLine struct {
	workload, engine, setting, variant string
	loss20                             float64
}

// parsePeerLines reads the "peer ..." lines of a peer script's output.
func parsePeerLines(out []byte) ([]peerLine, error) {
	var lines []peerLine
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || f[0] != "peer" {
			continue
		}
		l := peerLine{workload: f[1]}
		for _, kv := range f[2:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "engine":
				l.engine = v
			case "setting":
				l.setting = v
			case "variant":
				l.variant = v
			case "loss20":
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return nil, err
				}
				l.loss20 = x
			}
		}
		lines = append(lines, l)
	}
	return lines, sc.Err()
}

// TestPeersAgree runs each Python peer script for its 20 steps (--check, the
// first thread setting) and checks its loss at step 20 on every workload
// against chainrule's (pure Go), to each workload's tol20.
// A peer whose module /usr/bin/python3 cannot import is skipped, saying so.
func TestPeersAgree(t *testing.T) {
	py := python()
	for _, p := range pythonPeers {
		t.Run(p.module, func(t *testing.T) {
			if out, err := exec.Command(py, "-c", "import "+p.module).CombinedOutput(); err != nil {
				why := err.Error()
				if l := bytes.TrimSpace(out); len(l) > 0 {
					why = string(l[bytes.LastIndexByte(l, '\n')+1:]) // the exception's line
				}
				t.Skipf("skipped: %s cannot import %s (%s); the %s peer is not checked", py, p.module, why, p.script)
			}
			// Read here, the scripts become inputs of go test's cache (it
			// does not see what the child process reads).
			for _, f := range []string{p.script, "peers.py"} {
				if _, err := os.ReadFile(f); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, py, p.script, "--check")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s %s --check: %v\n%s", py, p.script, err, stderr.Bytes())
			}
			lines, err := parsePeerLines(out)
			if err != nil {
				t.Fatalf("%s: %v in\n%s", p.script, err, out)
			}
			seen := map[string]bool{}
			for _, w := range workloads {
				if p.only != nil && !slices.Contains(p.only, w.name) {
					continue
				}
				withBLAS(t, ops.GoBLAS{})
				ref := loss20(t, w.ours)
				for _, l := range lines {
					if l.workload != w.name {
						continue
					}
					seen[w.name] = true
					d := relDiff(l.loss20, ref)
					t.Logf("%s %s %s %s: loss at step 20 %.17g, chainrule %.17g (relative difference %.2g)",
						w.name, l.engine, l.setting, l.variant, l.loss20, ref, d)
					if !(d <= w.tol20) {
						t.Errorf("%s on %s (%s, %s): loss at step 20 %.17g, chainrule's %.17g (relative difference %.2g > %g)",
							w.name, l.engine, l.setting, l.variant, l.loss20, ref, d, w.tol20)
					}
				}
				if !seen[w.name] {
					t.Errorf("%s printed no result for %s:\n%s", p.script, w.name, out)
				}
			}
		})
	}
}
