package bench

import (
	"flag"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

var (
	sweepOn  = flag.Bool("sweep", false, "run TestSweep: how W3's, W6's and W7's cost grows (bench/sweep.sh)")
	sweepOut = flag.String("sweep.out", "../docs", "directory TestSweep writes scaling.png and scaling.md into")
	sweepSec = flag.Float64("sweep.budget", 0.6, "seconds of timed steps per point (at least one step, at most three blocks)")
)

// sweepCurve is one workload's sweep: a size axis and a builder at a size.
type sweepCurve struct {
	name, axis string
	sizes      []int
	build      func(size int) engine
}

var sweepCurves = []sweepCurve{
	{"W3 (MLP, batch)", "batch", []int{1, 4, 16, 64, 256, 1024}, func(n int) engine {
		w := w3
		w.batch = n
		return w.chainrule
	}},
	{"W6 (CNN, batch)", "batch", []int{1, 4, 16, 64, 256, 1024}, func(n int) engine {
		w := w6
		w.batch = n
		return w.chainrule
	}},
	{"W7 (LSTM, steps)", "sequence length", []int{8, 16, 32, 64, 128, 256, 512}, func(n int) engine {
		w := w7
		w.steps = n
		return w.chainrule
	}},
}

// sweepPoint is one measured size.
type sweepPoint struct {
	size  int
	ms    float64 // median ms per training step
	bytes int     // graph.Program.Bytes()
	steps int     // timed steps
}

// timeSteps runs s twice untimed, then up to three blocks of steps within
// about budget (at least one step per block, fewer blocks when a step is
// long) and returns the median ms per step and the steps timed.
func timeSteps(s step, budget time.Duration) (float64, int, error) {
	for range 2 {
		if err := s(); err != nil {
			return 0, 0, err
		}
	}
	t0 := time.Now()
	if err := s(); err != nil {
		return 0, 0, err
	}
	one := max(time.Since(t0), time.Microsecond)
	blocks := int(min(3, max(1, budget/one)))
	n := int(max(1, budget/time.Duration(blocks)/one))
	var per []float64
	for range blocks {
		t0 := time.Now()
		for range n {
			if err := s(); err != nil {
				return 0, 0, err
			}
		}
		per = append(per, float64(time.Since(t0))/1e6/float64(n))
	}
	slices.Sort(per)
	return per[len(per)/2], blocks * n, nil
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// TestSweep measures how chainrule's cost grows (pure Go, ops.GoBLAS, the
// fresh-machine default): ms per training step and the bytes its program
// holds, over the batch size on W3 and W6 and the sequence length on W7,
// and writes docs/scaling.png and docs/scaling.md. It runs only with
// -sweep (bench/sweep.sh).
func TestSweep(t *testing.T) {
	if !*sweepOn {
		t.Skip("run with -sweep (bench/sweep.sh)")
	}
	withBLAS(t, ops.GoBLAS{})
	var last *graph.Program
	onProgram = func(p *graph.Program) { last = p }
	t.Cleanup(func() { onProgram = nil })
	loadBefore, start := loadAvg(), time.Now()
	t.Logf("load average before: %s", loadBefore)
	budget := time.Duration(*sweepSec * float64(time.Second))
	res := make([][]sweepPoint, len(sweepCurves))
	for i, c := range sweepCurves {
		for _, n := range c.sizes {
			last = nil
			s, _ := c.build(n)(t)
			if last == nil {
				t.Fatalf("%s at %d: no program recorded", c.name, n)
			}
			bytes := last.Bytes()
			ms, steps, err := timeSteps(s, budget)
			if err != nil {
				t.Fatalf("%s at %s %d: %v", c.name, c.axis, n, err)
			}
			res[i] = append(res[i], sweepPoint{n, ms, bytes, steps})
			t.Logf("%s %s %d: %.4g ms/step (%d steps), %.2f MiB held", c.name, c.axis, n, ms, steps, float64(bytes)/(1<<20))
			last, s = nil, nil
			runtime.GC()
		}
	}
	loadAfter := loadAvg()
	t.Logf("load average after: %s (%.0f s)", loadAfter, time.Since(start).Seconds())
	png := filepath.Join(*sweepOut, "scaling.png")
	if err := sweepPlot(png, res); err != nil {
		t.Fatal(err)
	}
	md := sweepTable(res, loadBefore, loadAfter, time.Since(start))
	if err := os.WriteFile(filepath.Join(*sweepOut, "scaling.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s and scaling.md", png)
}

func sweepTable(res [][]sweepPoint, before, after string, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# How cost grows

Written by `+"`bench/sweep.sh`"+` (`+"`go test -run '^TestSweep$' -sweep ./bench/`"+`;
docs/performance.md reads it): chainrule, pure Go (ops.GoBLAS, the
fresh-machine default), one training step of W3 and W6 over the batch size
and of W7 over the sequence length, everything else as in the workloads.
"ms/step" is the median over up to three timed blocks (fewer, and at least
one step, where a step is long); "per unit" divides by the batch size or
the sequence length, so a flat column is linear growth. "held" is
graph.Program.Bytes(): the program's buffers for inputs and op results
(params excluded), shared buffers counted once.

![ms per step and MiB held against batch size and sequence length](scaling.png)

%s, %d cores (GOMAXPROCS %d), %s; load average %s before and %s after
(%.0f s). **A load average above the core count means other work shared
the machine: the times are then upper bounds, not this engine's speed.**

| workload | size | ms/step | ms per unit | MiB held | KiB held per unit | steps timed |
|---|---:|---:|---:|---:|---:|---:|
`, runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), time.Now().UTC().Format("2006-01-02"), before, after, took.Seconds())
	for i, c := range sweepCurves {
		for _, p := range res[i] {
			fmt.Fprintf(&b, "| %s | %s %d | %.4g | %.4g | %.2f | %.1f | %d |\n", c.name, c.axis, p.size, p.ms,
				p.ms/float64(p.size), float64(p.bytes)/(1<<20), float64(p.bytes)/1024/float64(p.size), p.steps)
		}
	}
	return b.String()
}

// sweepPlot draws three panels side by side on log-log axes: ms per step
// (with a dashed line of slope 1 through each curve's largest point: where
// a curve lies on it, cost grows linearly), ms per unit, and MiB held.
func sweepPlot(path string, res [][]sweepPoint) error {
	panels := []struct {
		title, y string
		v        func(sweepPoint) float64
		ref      bool
	}{
		{"ms per training step", "ms", func(p sweepPoint) float64 { return p.ms }, true},
		{"ms per sample (W3, W6) or per step of the sequence (W7)", "ms per unit", func(p sweepPoint) float64 { return p.ms / float64(p.size) }, false},
		{"MiB held by the program", "MiB", func(p sweepPoint) float64 { return float64(p.bytes) / (1 << 20) }, true},
	}
	plots := make([][]*plot.Plot, 1)
	for _, pn := range panels {
		p := plot.New()
		p.Title.Text = pn.title
		p.X.Label.Text = "batch size (W3, W6) or sequence length (W7)"
		p.Y.Label.Text = pn.y
		p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
		p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
		p.Add(plotter.NewGrid())
		p.Legend.Top, p.Legend.Left = true, true
		for i, c := range sweepCurves {
			xys := make(plotter.XYs, len(res[i]))
			for j, pt := range res[i] {
				xys[j] = plotter.XY{X: float64(pt.size), Y: pn.v(pt)}
			}
			l, s, err := plotter.NewLinePoints(xys)
			if err != nil {
				return err
			}
			l.Color, s.Color = plotutil.Color(i), plotutil.Color(i)
			l.Width = vg.Points(1.5)
			s.Shape = draw.CircleGlyph{}
			p.Add(l, s)
			p.Legend.Add(c.name, l, s)
			if pn.ref && len(xys) > 1 {
				end := xys[len(xys)-1]
				ref, err := plotter.NewLine(plotter.XYs{{X: xys[0].X, Y: end.Y * xys[0].X / end.X}, end})
				if err != nil {
					return err
				}
				ref.Color = color.Gray{160}
				ref.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
				p.Add(ref)
			}
		}
		plots[0] = append(plots[0], p)
	}
	const w, h = 1800, 560
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch/vgimg.DefaultDPI, vg.Length(h)*vg.Inch/vgimg.DefaultDPI), vgimg.UseDPI(vgimg.DefaultDPI))
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: len(panels), PadX: vg.Millimeter * 4, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, tiles, dc)
	for j := range plots[0] {
		plots[0][j].Draw(canvases[0][j])
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
