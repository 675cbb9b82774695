package datasets

import (
	_ "embed"
	"math"
	"strconv"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

//go:embed data/AirPassengers.csv
var airPassengersCSV string

//go:embed data/sunspots.csv
var sunspotsCSV string

// AirPassengers returns the Box & Jenkins monthly totals of international
// airline passengers (thousands), January 1949 to December 1960: 144 values,
// 112 first and 432 last. It errors only if the embedded file is corrupt.
func AirPassengers() ([]float64, error) {
	_, v, err := parseSeriesCSV(airPassengersCSV, "AirPassengers.csv", "month,passengers")
	return v, err
}

// Sunspots returns the yearly sunspot numbers for 1700 to 2008 (309 values).
// It errors only if the embedded file is corrupt.
func Sunspots() ([]float64, error) {
	_, v, err := SunspotsWithYears()
	return v, err
}

// SunspotsWithYears returns the years (1700..2008) and the yearly sunspot
// numbers side by side. It errors only if the embedded file is corrupt.
func SunspotsWithYears() (years []int, values []float64, err error) {
	keys, v, err := parseSeriesCSV(sunspotsCSV, "sunspots.csv", `"YEAR","SUNACTIVITY"`)
	if err != nil {
		return nil, nil, err
	}
	years = make([]int, len(keys))
	for i, k := range keys {
		if years[i], err = strconv.Atoi(k); err != nil {
			return nil, nil, errors.Errorf("datasets: sunspots.csv:%d: bad year %q", i+2, k)
		}
	}
	return years, v, nil
}

// parseSeriesCSV reads a two-column "key,value" CSV with the given header;
// a line longer than MaxSeriesLine bytes is an error naming it.
func parseSeriesCSV(text, name, header string) (keys []string, values []float64, err error) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) < 2 || strings.TrimSpace(lines[0]) != header {
		return nil, nil, errors.Errorf("datasets: %s:1: header is not %s", name, header)
	}
	for i, line := range lines[1:] {
		if len(line) > MaxSeriesLine {
			return nil, nil, errors.Errorf("datasets: %s:%d: line longer than %d bytes, the most a key,value row can take",
				name, i+2, MaxSeriesLine)
		}
		k, v, ok := strings.Cut(strings.TrimSpace(line), ",")
		f, perr := strconv.ParseFloat(v, 64)
		if !ok || perr != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, nil, errors.Errorf("datasets: %s:%d: bad row %q", name, i+2, line)
		}
		keys = append(keys, k)
		values = append(values, f)
	}
	return keys, values, nil
}

// Windows turns a series into supervised regression samples: sample i has
// X = series[i : i+window] and Y = series[i+window : i+window+horizon], so X is
// float64 [N, window] and Y float64 [N, horizon] with
// N = len(series) - window - horizon + 1. Samples keep chronological order.
// Windows errors if window or horizon is below 1, if the series is too short
// for one sample, or if it holds NaN or infinite values.
func Windows(series []float64, window, horizon int) (*Dataset, error) {
	if window < 1 || horizon < 1 {
		return nil, errors.Errorf("datasets: window (%d) and horizon (%d) must be at least 1", window, horizon)
	}
	n := len(series) - window - horizon + 1
	if window > len(series) || horizon > len(series) || n < 1 {
		return nil, errors.Errorf("datasets: series of length %d is too short for window %d + horizon %d",
			len(series), window, horizon)
	}
	if n > maxCharElements/window || n > maxCharElements/horizon {
		return nil, errors.Errorf("datasets: %d windows of %d+%d values are too large", n, window, horizon)
	}
	for i, v := range series {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.Errorf("datasets: series value %d is %v", i, v)
		}
	}
	x := make([]float64, 0, n*window)
	y := make([]float64, 0, n*horizon)
	for i := 0; i < n; i++ {
		x = append(x, series[i:i+window]...)
		y = append(y, series[i+window:i+window+horizon]...)
	}
	targets := make([]string, horizon)
	for k := range targets {
		targets[k] = "t+" + strconv.Itoa(k+1)
	}
	return &Dataset{
		Name:        "windows",
		X:           seqF64Tensor(x, n, window),
		Y:           seqF64Tensor(y, n, horizon),
		SampleShape: []int{window},
		Targets:     targets,
	}, nil
}

// seqF64Tensor wraps data as a float64 tensor of the given shape.
func seqF64Tensor(data []float64, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
}

// seqIntTensor wraps data as an int tensor of shape [len(data)].
func seqIntTensor(data []int) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(data)), tensor.WithBacking(data))
}
