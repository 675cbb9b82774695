package metrics

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// PlotOptions configures WriteHeatmapPNG and WriteLossCurvePNG. A nil
// *PlotOptions and zero fields give the documented defaults.
type PlotOptions struct {
	// Title is drawn above the plot. The default is "Confusion matrix"
	// for a heatmap and "Loss" for a loss curve.
	Title string

	// Width and Height are the image size in pixels. The default for a
	// heatmap is a square that grows with the number of classes, at
	// least 480 pixels wide; for a loss curve it is 800×500.
	Width, Height int

	// LogY draws the loss axis of a loss curve on a logarithmic scale;
	// all values must then be positive. Heatmaps ignore it.
	LogY bool
}

// dpi is the resolution of the PNG images.
const dpi = vgimg.DefaultDPI

// options returns o with defaults filled in for the given title and size.
func (o *PlotOptions) options(title string, width, height int) PlotOptions {
	var r PlotOptions
	if o != nil {
		r = *o
	}
	if r.Title == "" {
		r.Title = title
	}
	if r.Width <= 0 {
		r.Width = width
	}
	if r.Height <= 0 {
		r.Height = height
	}
	return r
}

// savePNG renders p at width×height pixels, inside a small margin, and
// writes it atomically to path.
func savePNG(path string, p *plot.Plot, width, height int) error {
	c := vgimg.NewWith(
		vgimg.UseWH(pixels(width), pixels(height)),
		vgimg.UseDPI(dpi),
	)
	m := vg.Points(10)
	p.Draw(draw.Crop(draw.New(c), m, -m, m, -m))
	png := vgimg.PngCanvas{Canvas: c}
	return writeFileAtomic(path, func(w io.Writer) error {
		if _, err := png.WriteTo(w); err != nil {
			return fmt.Errorf("metrics: writing PNG: %w", err)
		}
		return nil
	})
}

// pixels converts a number of pixels at dpi to a length.
func pixels(n int) vg.Length { return vg.Length(n) * vg.Inch / dpi }
