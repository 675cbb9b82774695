package metrics

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// decodePNG returns the size of the PNG at path, failing t if it is not one.
func decodePNG(t *testing.T, path string) image.Point {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img.Bounds().Size()
}

// onlyFile fails t unless dir holds exactly the file name: no temporary
// files are left behind.
func onlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != name {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only %s", names, name)
	}
}

// near reports whether got is within 2 pixels of want in each dimension.
func near(got, want image.Point) bool {
	d := got.Sub(want)
	return d.X >= -2 && d.X <= 2 && d.Y >= -2 && d.Y <= 2
}

func TestWriteHeatmapPNG(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "confusion.png")
	c, err := NewConfusionNames([]int{2, 0, 2, 2, 0, 1}, []int{0, 0, 2, 2, 0, 2}, []string{"ant", "bird", "cat"})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHeatmapPNG(path, c, nil); err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, path); !near(got, image.Pt(480, 480)) {
		t.Errorf("default size %v, want about 480×480", got)
	}
	// Overwriting an existing file, with a chosen size.
	if err := WriteHeatmapPNG(path, c, &PlotOptions{Title: "Animals", Width: 300, Height: 200}); err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, path); !near(got, image.Pt(300, 200)) {
		t.Errorf("size %v, want about 300×200", got)
	}
	onlyFile(t, dir, "confusion.png")

	// One class and no samples: an all-zero matrix still has a color range.
	one, err := NewConfusion(nil, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHeatmapPNG(path, one, nil); err != nil {
		t.Fatal(err)
	}
	decodePNG(t, path)

	if err := WriteHeatmapPNG(filepath.Join(dir, "missing", "x.png"), c, nil); err == nil {
		t.Error("writing into a missing directory: no error")
	}
	if err := WriteHeatmapPNG(filepath.Join(dir, "nil.png"), nil, nil); err == nil {
		t.Error("heatmap of nil: no error")
	}
	onlyFile(t, dir, "confusion.png")
}

func TestWriteLossCurvePNG(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "loss.png")
	train := Series{Name: "train", Values: []float64{2.3, 1.1, 0.7, 0.5, 0.4}}
	test := Series{Name: "test", Values: []float64{2.2, 1.2, 0.8, 0.7}}
	if err := WriteLossCurvePNG(path, nil, train, test); err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, path); !near(got, image.Pt(800, 500)) {
		t.Errorf("default size %v, want about 800×500", got)
	}
	long := Series{Name: "long", Values: make([]float64, 200)}
	for i := range long.Values {
		long.Values[i] = 1 / float64(i+1)
	}
	if err := WriteLossCurvePNG(path, &PlotOptions{LogY: true, Width: 640, Height: 480}, long); err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, path); !near(got, image.Pt(640, 480)) {
		t.Errorf("size %v, want about 640×480", got)
	}
	onlyFile(t, dir, "loss.png")

	for _, test := range []struct {
		name   string
		opt    *PlotOptions
		series []Series
	}{
		{name: "no series"},
		{name: "empty", series: []Series{{Name: "train"}}},
		{name: "NaN", series: []Series{{Name: "train", Values: []float64{1, nan()}}}},
		{name: "log of 0", opt: &PlotOptions{LogY: true}, series: []Series{{Name: "train", Values: []float64{1, 0}}}},
	} {
		if err := WriteLossCurvePNG(filepath.Join(dir, "bad.png"), test.opt, test.series...); err == nil {
			t.Errorf("%s: no error", test.name)
		}
	}
	onlyFile(t, dir, "loss.png")
}
