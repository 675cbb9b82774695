package metrics

import (
	"errors"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WriteHeatmapPNG draws c as a heatmap and writes it to path as a PNG,
// atomically (see the package documentation). Columns are predicted classes
// and rows are true classes, with the first class at the top; each cell is
// shaded by its count and shows the count. opt may be nil. WriteHeatmapPNG
// returns an error if c is nil or the file cannot be written.
func WriteHeatmapPNG(path string, c *Confusion, opt *PlotOptions) error {
	if c == nil || len(c.names) == 0 {
		return errors.New("metrics: heatmap of a nil or empty confusion matrix")
	}
	n := len(c.names)
	size := max(480, 60*n+200)
	o := opt.options("Confusion matrix", size, size)

	g := heatGrid{c: c, max: 1}
	for _, v := range c.counts {
		g.max = max(g.max, float64(v))
	}
	cmap, err := moreland.NewLuminance([]color.Color{
		color.RGBA{R: 8, G: 48, B: 107, A: 255},
		color.RGBA{R: 66, G: 146, B: 198, A: 255},
		color.RGBA{R: 247, G: 251, B: 255, A: 255},
	})
	if err != nil {
		return errors.New("metrics: heatmap palette: " + err.Error())
	}
	h := plotter.NewHeatMap(g, palette.Reverse(cmap).Palette(256))

	cells := plotter.XYLabels{XYs: make(plotter.XYs, 0, n*n)}
	for t := 0; t < n; t++ {
		for p := 0; p < n; p++ {
			cells.XYs = append(cells.XYs, plotter.XY{X: float64(p), Y: float64(n - 1 - t)})
			cells.Labels = append(cells.Labels, strconv.Itoa(c.counts[t*n+p]))
		}
	}
	labels, err := plotter.NewLabels(cells)
	if err != nil {
		return errors.New("metrics: heatmap labels: " + err.Error())
	}
	for i := range labels.TextStyle {
		s := &labels.TextStyle[i]
		s.XAlign, s.YAlign = draw.XCenter, draw.YCenter
		s.Font.Size = vg.Points(12)
		s.Color = color.Black
		if float64(c.counts[i]) > g.max/2 {
			s.Color = color.White
		}
	}

	pl := plot.New()
	pl.Title.Text = o.Title
	pl.X.Label.Text = "Predicted"
	pl.Y.Label.Text = "True"
	xticks := make(plot.ConstantTicks, n)
	yticks := make(plot.ConstantTicks, n)
	for k, name := range c.names {
		xticks[k] = plot.Tick{Value: float64(k), Label: name}
		yticks[k] = plot.Tick{Value: float64(n - 1 - k), Label: name}
	}
	pl.X.Tick.Marker, pl.Y.Tick.Marker = xticks, yticks
	// Slant the predicted-class names if they might overlap: a 10-point
	// character is about 6 pixels wide, and the axes take about 150.
	if column := float64(o.Width-150) / float64(n); 6*float64(maxLen(c.names)) > 0.9*column {
		pl.X.Tick.Label.Rotation = math.Pi / 4
		pl.X.Tick.Label.XAlign, pl.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}
	pl.Add(h, labels)
	return savePNG(path, pl, o.Width, o.Height)
}

// heatGrid presents a Confusion as a plotter.GridXYZ: column x is the
// predicted class x and row y is the true class n-1-y, so that the first
// true class is drawn at the top.
type heatGrid struct {
	c   *Confusion
	max float64
}

func (g heatGrid) Dims() (c, r int) { n := len(g.c.names); return n, n }
func (g heatGrid) X(c int) float64  { return float64(c) }
func (g heatGrid) Y(r int) float64  { return float64(r) }
func (g heatGrid) Min() float64     { return 0 }
func (g heatGrid) Max() float64     { return g.max }

func (g heatGrid) Z(c, r int) float64 {
	n := len(g.c.names)
	return float64(g.c.counts[(n-1-r)*n+c])
}

// maxLen returns the length of the longest of names.
func maxLen(names []string) int {
	m := 0
	for _, s := range names {
		m = max(m, len(s))
	}
	return m
}
