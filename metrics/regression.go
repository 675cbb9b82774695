package metrics

import (
	"errors"
	"fmt"
	"math"
)

// RMSE returns the root mean squared error sqrt(Σ(pred[i]-target[i])² / n).
// RMSE returns an error if the slices have different lengths (*LengthError)
// or are empty.
func RMSE(pred, target []float64) (float64, error) {
	if err := checkLen("pred", len(pred), "target", len(target)); err != nil {
		return 0, err
	}
	if len(pred) == 0 {
		return 0, errors.New("metrics: RMSE of empty slices")
	}
	var sum float64
	for i, p := range pred {
		d := p - target[i]
		sum += d * d
	}
	return math.Sqrt(sum / float64(len(pred))), nil
}

// MaskedRMSE returns the root mean squared error over the elements whose mask
// is not zero, each weighted by its mask:
//
//	sqrt(Σ mask[i]·(pred[i]-target[i])² / Σ mask[i])
//
// With a 0/1 mask it is the RMSE of the selected elements, for example the
// keypoints that are present. Elements whose mask is zero are skipped
// entirely, so their target may be NaN. MaskedRMSE returns an error if the
// slices have different lengths (*LengthError), if a mask value is negative
// or NaN, or if the mask selects nothing.
func MaskedRMSE(pred, target, mask []float64) (float64, error) {
	if err := checkLen("pred", len(pred), "target", len(target)); err != nil {
		return 0, err
	}
	if err := checkLen("pred", len(pred), "mask", len(mask)); err != nil {
		return 0, err
	}
	var sum, weight float64
	for i, m := range mask {
		if m == 0 {
			continue
		}
		if !(m > 0) {
			return 0, fmt.Errorf("metrics: mask[%d] = %v is not a non-negative weight", i, m)
		}
		d := pred[i] - target[i]
		sum += m * d * d
		weight += m
	}
	if weight == 0 {
		return 0, errors.New("metrics: mask selects no elements")
	}
	return math.Sqrt(sum / weight), nil
}
