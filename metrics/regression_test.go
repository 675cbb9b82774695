package metrics

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestRMSE(t *testing.T) {
	for _, test := range []struct {
		pred, target []float64
		want         float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, 0},
		// Errors 3 and -4: sqrt((9+16)/2).
		{[]float64{3, 0}, []float64{0, 4}, math.Sqrt(12.5)},
		{[]float64{-1}, []float64{1}, 2},
	} {
		got, err := RMSE(test.pred, test.target)
		if err != nil || math.Abs(got-test.want) > tol {
			t.Errorf("RMSE(%v, %v) = %v, %v; want %v", test.pred, test.target, got, err, test.want)
		}
	}
	if _, err := RMSE([]float64{1, 2}, []float64{1}); !isLengthError(err) {
		t.Errorf("RMSE of different lengths: error %v, want *LengthError", err)
	}
	if _, err := RMSE(nil, nil); err == nil {
		t.Error("RMSE of empty slices: no error")
	}
}

func TestMaskedRMSE(t *testing.T) {
	for _, test := range []struct {
		name               string
		pred, target, mask []float64
		want               float64
	}{
		{"all", []float64{3, 0}, []float64{0, 4}, []float64{1, 1}, math.Sqrt(12.5)},
		// The missing keypoint has a NaN target; its mask is 0, so it is
		// skipped: sqrt((9+16)/2).
		{"missing", []float64{3, 7, 0}, []float64{0, nan(), 4}, []float64{1, 0, 1}, math.Sqrt(12.5)},
		// Weights: sqrt((2·9 + 0.5·16)/2.5) = sqrt(26/2.5).
		{"weights", []float64{3, 0}, []float64{0, 4}, []float64{2, 0.5}, math.Sqrt(26 / 2.5)},
	} {
		got, err := MaskedRMSE(test.pred, test.target, test.mask)
		if err != nil || math.Abs(got-test.want) > tol {
			t.Errorf("%s: MaskedRMSE = %v, %v; want %v", test.name, got, err, test.want)
		}
	}
	for _, test := range []struct {
		name               string
		pred, target, mask []float64
		msg                string
	}{
		{"target length", []float64{1, 2}, []float64{1}, []float64{1, 1}, "len(target) = 1"},
		{"mask length", []float64{1, 2}, []float64{1, 2}, []float64{1}, "len(mask) = 1"},
		{"negative", []float64{1, 2}, []float64{1, 2}, []float64{1, -1}, "mask[1] = -1"},
		{"nan mask", []float64{1, 2}, []float64{1, 2}, []float64{nan(), 1}, "mask[0] = NaN"},
		{"nothing", []float64{1, 2}, []float64{1, 2}, []float64{0, 0}, "selects no elements"},
		{"empty", nil, nil, nil, "selects no elements"},
	} {
		_, err := MaskedRMSE(test.pred, test.target, test.mask)
		if err == nil || !strings.HasPrefix(err.Error(), "metrics: ") || !strings.Contains(err.Error(), test.msg) {
			t.Errorf("%s: error %v, want one containing %q", test.name, err, test.msg)
		}
	}
}

func isLengthError(err error) bool {
	var le *LengthError
	return errors.As(err, &le)
}

func nan() float64 { return math.NaN() }
