package datasets

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// ferF64 returns the float64 backing data of a tensor, failing the test otherwise.
func ferF64(t *testing.T, d *tensor.Dense) []float64 {
	t.Helper()
	v, ok := d.Data().([]float64)
	if !ok {
		t.Fatalf("tensor data is %T, want []float64", d.Data())
	}
	return v
}

// ferInts returns the int backing data of a tensor, failing the test otherwise.
func ferInts(t *testing.T, d *tensor.Dense) []int {
	t.Helper()
	v, ok := d.Data().([]int)
	if !ok {
		t.Fatalf("tensor data is %T, want []int", d.Data())
	}
	return v
}

// ferPixels returns n space-separated copies of pixel value v.
func ferPixels(n int, v string) string {
	return strings.TrimSpace(strings.Repeat(v+" ", n))
}

// ferCounts counts class labels.
func ferCounts(labels []int, k int) []int {
	c := make([]int, k)
	for _, l := range labels {
		c[l]++
	}
	return c
}

// The fixture is written by testdata/fer2013/gen.py: row r has emotion
// [0 1 2 3 4 5 6 3 3 0 4 5][r], usage Training for rows 0-5, PublicTest for
// 6-8, PrivateTest for 9-11, and pixel i = (31r + 7i) % 256.
func TestLoadFER2013Fixture(t *testing.T) {
	tests := []struct {
		name    string
		opt     FEROptions
		n       int
		counts  []int
		classes []string
		labels  []int // nil: not checked
		row     int   // a row and pixel to check
		pixel   int
		value   float64
	}{
		{"all", FEROptions{}, 12, []int{2, 1, 1, 3, 2, 2, 1}, FER2013Emotions[:],
			[]int{0, 1, 2, 3, 4, 5, 6, 3, 3, 0, 4, 5}, 11, 2303, 78},
		{"training", FEROptions{Usages: []FERUsage{FERTraining}}, 6, []int{1, 1, 1, 1, 1, 1, 0}, FER2013Emotions[:],
			[]int{0, 1, 2, 3, 4, 5}, 0, 1, 7},
		{"public", FEROptions{Usages: []FERUsage{FERPublicTest}}, 3, []int{0, 0, 0, 2, 0, 0, 1}, FER2013Emotions[:],
			[]int{6, 3, 3}, 0, 0, 186},
		{"private", FEROptions{Usages: []FERUsage{FERPrivateTest}}, 3, []int{1, 0, 0, 0, 1, 1, 0}, FER2013Emotions[:],
			[]int{0, 4, 5}, 2, 0, 85},
		{"lecture five", FERLectureFive, 10, []int{2, 1, 2, 3, 2},
			[]string{"Angry", "Disgust", "Sad", "Happy", "Surprise"},
			[]int{0, 1, 3, 2, 4, 3, 3, 0, 2, 4}, 4, 100, 87},
		{"lecture five training", FEROptions{Usages: []FERUsage{FERTraining}, Emotions: FERLectureFive.Emotions},
			5, []int{1, 1, 1, 1, 1}, []string{"Angry", "Disgust", "Sad", "Happy", "Surprise"},
			[]int{0, 1, 3, 2, 4}, 1, 0, 31},
		{"happy vs sad", FEROptions{Emotions: []int{3, 4}}, 5, []int{3, 2}, []string{"Happy", "Sad"},
			[]int{0, 1, 0, 0, 1}, 4, 0, 54},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := LoadFER2013File(filepath.Join("testdata", "fer2013", "fer2013.csv"), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.X.Shape(); !reflect.DeepEqual([]int(got), []int{tc.n, 2304}) {
				t.Fatalf("X shape %v, want [%d 2304]", got, tc.n)
			}
			labels := ferInts(t, d.Y)
			if got := ferCounts(labels, len(tc.classes)); !reflect.DeepEqual(got, tc.counts) {
				t.Errorf("class counts %v, want %v", got, tc.counts)
			}
			if tc.labels != nil && !reflect.DeepEqual(labels, tc.labels) {
				t.Errorf("labels %v, want %v", labels, tc.labels)
			}
			if !reflect.DeepEqual(d.Classes, tc.classes) {
				t.Errorf("Classes %v, want %v", d.Classes, tc.classes)
			}
			if got := ferF64(t, d.X)[tc.row*2304+tc.pixel]; got != tc.value {
				t.Errorf("X[%d,%d] = %v, want %v", tc.row, tc.pixel, got, tc.value)
			}
			if !reflect.DeepEqual(d.SampleShape, []int{48, 48}) || d.Mask != nil || d.Targets != nil {
				t.Errorf("SampleShape %v Mask %v Targets %v", d.SampleShape, d.Mask, d.Targets)
			}
		})
	}
}

func TestLoadFER2013Variants(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "fer2013", "fer2013.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	path := filepath.Join(t.TempDir(), "fer.bin")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	crlf := strings.ReplaceAll(string(raw), "\n", "\r\n")
	reordered := "Usage,emotion,pixels\nPrivateTest,6," + ferPixels(2304, "9") + "\n"
	for name, load := range map[string]func() (*Dataset, error){
		"gzip": func() (*Dataset, error) { return LoadFER2013File(path, FEROptions{}) },
		"crlf": func() (*Dataset, error) { return LoadFER2013(strings.NewReader(crlf), "crlf", FEROptions{}) },
		"bom": func() (*Dataset, error) {
			return LoadFER2013(strings.NewReader("\ufeff"+string(raw)), "bom", FEROptions{})
		},
		"reordered": func() (*Dataset, error) {
			return LoadFER2013(strings.NewReader(reordered+reordered[21:]), "r", FEROptions{})
		},
	} {
		d, err := load()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := 12
		if name == "reordered" {
			want = 2
		}
		if n := d.X.Shape()[0]; n != want {
			t.Errorf("%s: %d rows, want %d", name, n, want)
		}
	}
}

func TestLoadFER2013Errors(t *testing.T) {
	const h = "emotion,pixels,Usage\n"
	ok := "0," + ferPixels(2304, "1") + ",Training\n"
	tests := []struct {
		name, in string
		opt      FEROptions
		want     string
	}{
		{"empty", "", FEROptions{}, "fer.csv: empty file"},
		{"header only", h, FEROptions{}, "fer.csv: no FER2013 rows"},
		{"wrong header", "emotion,pixel,Usage\n" + ok, FEROptions{}, "fer.csv:1: header is"},
		{"extra column", "emotion,pixels,Usage,x\n" + ok, FEROptions{}, "fer.csv:1: header is"},
		{"too few pixels", h + ok + "1," + ferPixels(2303, "5") + ",Training\n", FEROptions{},
			"fer.csv:3: found 2303 pixels, expected 2304"},
		{"too many pixels", h + "1,\"" + ferPixels(2305, "5") + "\",PublicTest\n", FEROptions{},
			"fer.csv:2: found 2305 pixels, expected 2304"},
		{"pixel 256", h + ok + ok + "2,1 2 3 4 5 256" + strings.Repeat(" 0", 2298) + ",Training\n", FEROptions{},
			`fer.csv:4: pixel 5 is "256", not an integer in 0..255`},
		{"negative pixel", h + "2,-1" + strings.Repeat(" 0", 2303) + ",Training\n", FEROptions{},
			`fer.csv:2: pixel 0 is "-1"`},
		{"fraction pixel", h + "2,0 1.5" + strings.Repeat(" 0", 2302) + ",Training\n", FEROptions{},
			`fer.csv:2: pixel 1 is "1.5"`},
		{"filtered rows still checked", h + ok + "2,x" + strings.Repeat(" 0", 2303) + ",PrivateTest\n",
			FEROptions{Usages: []FERUsage{FERTraining}}, `fer.csv:3: pixel 0 is "x"`},
		{"unknown usage", h + ok + ok + "3," + ferPixels(2304, "1") + ",Validation\n", FEROptions{},
			`fer.csv:4: unknown Usage "Validation"`},
		{"emotion 7", h + "7," + ferPixels(2304, "1") + ",Training\n", FEROptions{},
			`fer.csv:2: emotion "7" is not an integer in 0..6`},
		{"emotion text", h + ok + "happy," + ferPixels(2304, "1") + ",Training\n", FEROptions{},
			`fer.csv:3: emotion "happy"`},
		{"missing field", h + ok + "3," + ferPixels(2304, "1") + "\n", FEROptions{},
			"fer.csv:3: wrong number of fields"},
		{"multi-line quoted", h + "0,\"1\n2\",Training\n" + ok, FEROptions{}, `fer.csv:2: pixel 0 is "1\n2"`},
		{"bad usage option", h + ok, FEROptions{Usages: []FERUsage{"Test"}}, `unknown FER2013 usage "Test"`},
		{"bad emotion option", h + ok, FEROptions{Emotions: []int{7}}, "emotion 7 in options"},
		{"repeated emotion option", h + ok, FEROptions{Emotions: []int{1, 1}}, "emotion 1 in options"},
		{"nothing selected", h + ok, FEROptions{Usages: []FERUsage{FERPrivateTest}}, "no FER2013 rows match"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := LoadFER2013(strings.NewReader(tc.in), "fer.csv", tc.opt)
			if err == nil {
				t.Fatalf("no error, got %d rows", d.X.Shape()[0])
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "datasets: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want prefix %q and %q", msg, "datasets: ", tc.want)
			}
		})
	}
	if _, err := LoadFER2013(nil, "nil", FEROptions{}); err == nil {
		t.Error("nil reader: no error")
	}
	if _, err := LoadKeypoints(nil, "nil", KeypointsOptions{}); err == nil {
		t.Error("nil reader: no error")
	}
	if _, _, err := LoadKeypointsTest(nil, "nil"); err == nil {
		t.Error("nil reader: no error")
	}
	if _, err := LoadFER2013File(filepath.Join(t.TempDir(), "none.csv"), FEROptions{}); err == nil ||
		!strings.HasPrefix(err.Error(), "datasets: ") {
		t.Errorf("missing file: %v", err)
	}
}

// TestLoadFER2013Parts reads the fixture once into a training and a test
// part and checks them against LoadFER2013 with the matching usages.
func TestLoadFER2013Parts(t *testing.T) {
	path := filepath.Join("testdata", "fer2013", "fer2013.csv")
	train, err := LoadFER2013File(path, FEROptions{Usages: []FERUsage{FERTraining}, Emotions: FERLectureFive.Emotions})
	if err != nil {
		t.Fatal(err)
	}
	test, err := LoadFER2013File(path, FEROptions{Usages: []FERUsage{FERPublicTest, FERPrivateTest}, Emotions: FERLectureFive.Emotions})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parts, err := LoadFER2013Parts(f, path, FERLectureFive.Emotions, []FERUsage{FERTraining}, []FERUsage{FERPublicTest, FERPrivateTest})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []*Dataset{train, test} {
		got := parts[i]
		if got == nil || !reflect.DeepEqual(got.X.Float64s(), want.X.Float64s()) || !reflect.DeepEqual(got.Y.Ints(), want.Y.Ints()) ||
			!reflect.DeepEqual(got.Classes, want.Classes) {
			t.Errorf("part %d differs from LoadFER2013 with its usages", i)
		}
	}
	const h = "emotion,pixels,Usage\n"
	row := func(u string) string { return "0," + ferPixels(2304, "1") + "," + u + "\n" }
	parts, err = LoadFER2013Parts(strings.NewReader(h+row("Training")), "f", nil, []FERUsage{FERTraining}, []FERUsage{FERPublicTest})
	if err != nil || parts[0] == nil || parts[0].Len() != 1 || parts[1] != nil {
		t.Errorf("part without rows: %v, %v", parts, err)
	}
	for _, tc := range []struct {
		parts [][]FERUsage
		want  string
	}{
		{[][]FERUsage{{FERTraining}, {FERTraining}}, `usage "Training" is listed in parts 0 and 1`},
		{[][]FERUsage{{"Valid"}}, `unknown FER2013 usage "Valid"`},
		{[][]FERUsage{{FERPublicTest}}, "no FER2013 rows match"},
	} {
		if _, err := LoadFER2013Parts(strings.NewReader(h+row("Training")), "f", nil, tc.parts...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parts %v: error %v, want %q", tc.parts, err, tc.want)
		}
	}
}
