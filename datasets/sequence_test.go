package datasets

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestEmbeddedSeries(t *testing.T) {
	air, err := AirPassengers()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, v := range air {
		sum += v
	}
	if len(air) != 144 || sum != 40363 || air[0] != 112 || air[143] != 432 {
		t.Errorf("AirPassengers: %d values, sum %v, first %v, last %v; want 144, 40363, 112, 432",
			len(air), sum, air[0], air[len(air)-1])
	}
	years, spots, err := SunspotsWithYears()
	if err != nil {
		t.Fatal(err)
	}
	if len(spots) != 309 || len(years) != 309 || years[0] != 1700 || years[308] != 2008 ||
		spots[0] != 5 || spots[1] != 11 || spots[308] != 2.9 {
		t.Errorf("sunspots: %d values, years %d..%d, first %v", len(spots), years[0], years[len(years)-1], spots[0])
	}
	for i, y := range years {
		if y != 1700+i {
			t.Fatalf("year %d is %d", i, y)
		}
	}
	if s, _ := Sunspots(); !reflect.DeepEqual(s, spots) {
		t.Error("Sunspots differs from SunspotsWithYears")
	}
	if _, _, err := parseSeriesCSV("month,passengers\n1949-01,x\n", "a.csv", "month,passengers"); err == nil ||
		!strings.Contains(err.Error(), "a.csv:2: bad row") {
		t.Errorf("bad row: %v", err)
	}
	if _, _, err := parseSeriesCSV("year,v\n", "a.csv", "month,passengers"); err == nil {
		t.Error("bad header: no error")
	}
}

func TestWindows(t *testing.T) {
	s := []float64{1, 2, 3, 4, 5, 6}
	tests := []struct {
		window, horizon int
		x, y            []float64
		err             string
	}{
		{3, 1, []float64{1, 2, 3, 2, 3, 4, 3, 4, 5}, []float64{4, 5, 6}, ""},
		{2, 2, []float64{1, 2, 2, 3, 3, 4}, []float64{3, 4, 4, 5, 5, 6}, ""},
		{5, 1, []float64{1, 2, 3, 4, 5}, []float64{6}, ""},
		{6, 1, nil, nil, "too short"},
		{0, 1, nil, nil, "must be at least 1"},
		{2, -1, nil, nil, "must be at least 1"},
		{math.MaxInt, math.MaxInt, nil, nil, "too short"},
	}
	for _, tc := range tests {
		d, err := Windows(s, tc.window, tc.horizon)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Windows(%d, %d): error %v, want %q", tc.window, tc.horizon, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n := len(tc.y) / tc.horizon
		if !reflect.DeepEqual(ferF64(t, d.X), tc.x) || !reflect.DeepEqual(ferF64(t, d.Y), tc.y) ||
			!reflect.DeepEqual([]int(d.X.Shape()), []int{n, tc.window}) ||
			!reflect.DeepEqual([]int(d.Y.Shape()), []int{n, tc.horizon}) || len(d.Targets) != tc.horizon {
			t.Errorf("Windows(%d, %d): X %v Y %v", tc.window, tc.horizon, d.X.Data(), d.Y.Data())
		}
	}
	if _, err := Windows([]float64{1, math.NaN(), 3}, 1, 1); err == nil {
		t.Error("NaN: no error")
	}
}

func TestSplits(t *testing.T) {
	train, test, err := SplitSeries([]float64{1, 2, 3, 4, 5}, 0.8)
	if err != nil || !reflect.DeepEqual(train, []float64{1, 2, 3, 4}) || !reflect.DeepEqual(test, []float64{5}) {
		t.Errorf("SplitSeries: %v %v %v", train, test, err)
	}
	for _, f := range []float64{0, 1, -0.5, math.NaN(), 0.01, 0.99} {
		if _, _, err := SplitSeries([]float64{1, 2, 3, 4, 5}, f); err == nil {
			t.Errorf("SplitSeries fraction %v: no error", f)
		}
	}
	kp := mustKeypoints(t)
	a, b, err := SplitChronological(kp, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if a.X.Shape()[0] != 3 || b.Mask.Shape()[0] != 3 || ferF64(t, b.Y)[0] != 25 || ferF64(t, a.Mask)[34] != 0 {
		t.Errorf("keypoints split: %v %v", a.X.Shape(), b.Y.Shape())
	}
	x, y, err := SplitChronological(XOR(), 0.75)
	if err != nil || !reflect.DeepEqual(ferInts(t, x.Y), []int{0, 1, 1}) || !reflect.DeepEqual(ferInts(t, y.Y), []int{0}) ||
		!reflect.DeepEqual(ferF64(t, y.X), []float64{1, 1}) {
		t.Errorf("XOR split: %v", err)
	}
	if _, _, err := SplitChronological(nil, 0.5); err == nil {
		t.Error("nil dataset: no error")
	}
	bad := XOR()
	bad.Y = seqIntTensor([]int{1, 2})
	if _, _, err := SplitChronological(bad, 0.5); err == nil {
		t.Error("mismatched Y: no error")
	}
}
