package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// descentPoint is one printed step of the descent.
type descentPoint struct {
	Step int     `json:"step"`
	W    float64 `json:"w"`
	E    float64 `json:"e"`
	DE   float64 `json:"de"`
}

// descentResult is the JSON form of `chainrule descent`.
type descentResult struct {
	W0    float64        `json:"w0"`
	LR    float64        `json:"lr"`
	Steps int            `json:"steps"`
	Seed  uint64         `json:"seed"`
	Path  []descentPoint `json:"path"`
	W     float64        `json:"w"`
	E     float64        `json:"e"`
	DE    float64        `json:"de"`
	Lands string         `json:"lands"`
}

// criticalPoints of e(w), computed independently (lecture notes).
var criticalPoints = []struct {
	w    float64
	name string
}{{-3.797583, "global minimum"}, {0.260570, "local maximum"}, {3.537014, "local minimum"}}

// runDescent runs w ← w − α·e'(w) on e(w) = w⁴ − 27w² + 14w + 120 with the
// derivative that autodiff.Grad builds.
func runDescent(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("descent", "[--w0 X] [--lr 0.001] [--steps 2000] [--every K] [--seed S] [--json]", stderr)
	w0 := fs.Float64("w0", 0, "starting point (default: uniform in [-6, 6] from --seed)")
	lr := fs.Float64("lr", 0.001, "learning rate α")
	steps := fs.Int("steps", 2000, "number of descent steps (the lecture's epochs n)")
	every := fs.Int("every", 0, "print every k-th step, k >= 1 (default: steps/20)")
	seed := fs.Uint64("seed", 1, "seed of the random start")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case !(*lr > 0) || math.IsInf(*lr, 0):
		return usagef("descent: --lr %v, want a positive number", *lr)
	case *steps < 0:
		return usagef("descent: --steps %d, want >= 0", *steps)
	case *every < 0 || (*every == 0 && flagSet(fs, "every")):
		return usagef("descent: --every %d, want >= 1", *every)
	case math.IsNaN(*w0) || math.IsInf(*w0, 0):
		return usagef("descent: --w0 %v, want a finite number", *w0)
	}
	if !flagSet(fs, "w0") {
		*w0 = -6 + 12*rand.New(rand.NewPCG(*seed, *seed)).Float64()
	}
	k := *every
	if k == 0 {
		k = max(1, *steps/20)
	}
	eval, err := lectureE()
	if err != nil {
		return err
	}
	res := descentResult{W0: *w0, LR: *lr, Steps: *steps, Seed: *seed}
	w := *w0
	for n := 0; ; n++ {
		e, de, err := eval(w)
		if err != nil {
			return err
		}
		if math.IsNaN(e) || math.IsInf(e, 0) || math.IsInf(w, 0) {
			return fmt.Errorf("descent: diverged at step %d (w = %g); try a smaller --lr", n, w)
		}
		if n%k == 0 || n == *steps {
			res.Path = append(res.Path, descentPoint{n, w, e, de})
		}
		if n == *steps {
			res.W, res.E, res.DE = w, e, de
			break
		}
		w -= *lr * de // new w = old w − α·∂e/∂w
	}
	res.Lands = lands(res.W, res.DE)
	if *asJSON {
		return writeJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "e(w) = w^4 - 27w^2 + 14w + 120, e'(w) by autodiff; w0 = %.6g, lr = %g, %d steps\n", res.W0, res.LR, res.Steps)
	rows := [][]string{{"step", "w", "e(w)", "e'(w)"}}
	for _, p := range res.Path {
		rows = append(rows, []string{fmt.Sprint(p.Step), fmt.Sprintf("%.6f", p.W), fmt.Sprintf("%.4f", p.E), fmt.Sprintf("%.4g", p.DE)})
	}
	table(stdout, rows)
	fmt.Fprintf(stdout, "lands at w = %.6f, e(w) = %.4f (%s)\n", res.W, res.E, res.Lands)
	return nil
}

// lectureE builds e(w) and its autodiff derivative once and returns a
// function evaluating both at a point.
func lectureE() (func(w float64) (e, de float64, err error), error) {
	g := graph.New()
	w := g.Param("w", tensor.New(tensor.FromScalar(0.0)))
	e := ops.Add(ops.Add(ops.Sub(ops.Pow(w, 4), ops.Mul(g.Scalar(27), ops.Pow(w, 2))), ops.Mul(g.Scalar(14), w)), g.Scalar(120))
	d, err := autodiff.Grad(e, w) // 4w³ − 54w + 14
	if err != nil {
		return nil, err
	}
	prog, err := graph.Compile(e, d[0])
	if err != nil {
		return nil, err
	}
	wv := w.Value().Float64s()
	return func(x float64) (float64, float64, error) {
		wv[0] = x
		if err := prog.Exec(); err != nil {
			return 0, 0, err
		}
		return prog.Value(e).Float64s()[0], prog.Value(d[0]).Float64s()[0], nil
	}, nil
}

// lands names the critical point w is at, if e'(w) is nearly zero.
func lands(w, de float64) string {
	for _, c := range criticalPoints {
		if math.Abs(w-c.w) < 1e-2 && math.Abs(de) < 1e-2 {
			return c.name
		}
	}
	return "not converged; more --steps or a larger --lr"
}
