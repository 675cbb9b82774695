package metrics

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is a named sequence of values, one per epoch, such as the training
// or test loss.
type Series struct {
	// Name labels the line in the legend.
	Name string

	// Values holds one value per epoch, the first for epoch 1.
	Values []float64
}

// WriteLossCurvePNG draws each series as a line against the epoch number
// (1, 2, ...) and writes the plot to path as a PNG, atomically (see the
// package documentation). Series may have different lengths; a legend shows
// their names. opt may be nil. WriteLossCurvePNG returns an error if there
// is no series, if a series is empty or holds NaN or ±Inf, if opt.LogY is
// set and a value is not positive, or if the file cannot be written.
func WriteLossCurvePNG(path string, opt *PlotOptions, series ...Series) error {
	if len(series) == 0 {
		return errors.New("metrics: loss curve without series")
	}
	o := opt.options("Loss", 800, 500)
	for _, s := range series {
		if len(s.Values) == 0 {
			return fmt.Errorf("metrics: loss series %q is empty", s.Name)
		}
		for i, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) || (o.LogY && v <= 0) {
				return fmt.Errorf("metrics: loss series %q: value %d is %v, which cannot be plotted", s.Name, i, v)
			}
		}
	}

	p := plot.New()
	p.Title.Text = o.Title
	p.X.Label.Text = "Epoch"
	p.Y.Label.Text = "Loss"
	if o.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	longest := 0
	for i, s := range series {
		longest = max(longest, len(s.Values))
		xys := make(plotter.XYs, len(s.Values))
		for j, v := range s.Values {
			xys[j] = plotter.XY{X: float64(j + 1), Y: v}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("metrics: loss series %q: %w", s.Name, err)
		}
		line.Color = plotutil.Color(i)
		line.Dashes = plotutil.Dashes(i)
		line.Width = vg.Points(1.5)
		p.Add(line)
		if len(s.Values) <= 50 {
			points, err := plotter.NewScatter(xys)
			if err != nil {
				return fmt.Errorf("metrics: loss series %q: %w", s.Name, err)
			}
			points.Color = line.Color
			points.Shape = draw.CircleGlyph{}
			points.Radius = vg.Points(2)
			p.Add(points)
			p.Legend.Add(s.Name, line, points)
		} else {
			p.Legend.Add(s.Name, line)
		}
	}
	if longest < 10 {
		ticks := make(plot.ConstantTicks, longest)
		for j := range ticks {
			ticks[j] = plot.Tick{Value: float64(j + 1), Label: fmt.Sprint(j + 1)}
		}
		p.X.Tick.Marker = ticks
	}
	return savePNG(path, p, o.Width, o.Height)
}

// logTicks labels 1, 2 and 5 times each power of ten, which reads better than
// plot.LogTicks on the one or two decades a loss curve usually spans.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, e)
			if v >= min && v <= max {
				ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
			}
		}
	}
	return ticks
}
