package datasets

import (
	"math"

	"github.com/pkg/errors"
)

// ScaleRange maps the features linearly from [min, max] to [lo, hi], in place:
// v becomes lo + (v-min)/(max-min)*(hi-lo). Values outside [min, max] are
// mapped by the same line, not clipped. The lecture book's pixel scaling
// p/255*0.98+0.01 is ScaleRange(0.01, 0.99, 0, 255). It returns an error if
// the dataset is malformed, an argument is not finite, or max == min.
func (d *Dataset) ScaleRange(lo, hi, min, max float64) error {
	if err := d.Validate(); err != nil {
		return err
	}
	for _, v := range []float64{lo, hi, min, max} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.Errorf("datasets: %s: ScaleRange(%v, %v, %v, %v): arguments must be finite", d.Name, lo, hi, min, max)
		}
	}
	if max == min {
		return errors.Errorf("datasets: %s: ScaleRange: empty source range [%v, %v]", d.Name, min, max)
	}
	scale := (hi - lo) / (max - min)
	xs := d.X.Float64s()
	for i, v := range xs {
		xs[i] = lo + (v-min)*scale
	}
	return nil
}

// Standardizer holds per-feature statistics of a training set: Mean and Std
// (population standard deviation, dividing by N), one entry per column of X.
// Fit it on the training data only and apply it to every split.
type Standardizer struct {
	Mean, Std []float64
}

// FitStandardizer computes the per-feature mean and standard deviation of
// train's features. It returns an error if train is malformed or has no
// samples.
func FitStandardizer(train *Dataset) (*Standardizer, error) {
	if err := train.Validate(); err != nil {
		return nil, err
	}
	n, w := train.Len(), rowLen(train.X)
	if n == 0 {
		return nil, errors.Errorf("datasets: %s: FitStandardizer needs at least one sample", train.Name)
	}
	s := &Standardizer{Mean: make([]float64, w), Std: make([]float64, w)}
	xs := train.X.Float64s()
	for i := 0; i < n; i++ {
		for j, v := range xs[i*w : (i+1)*w] {
			s.Mean[j] += v
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(n)
	}
	for i := 0; i < n; i++ {
		for j, v := range xs[i*w : (i+1)*w] {
			dv := v - s.Mean[j]
			s.Std[j] += dv * dv
		}
	}
	for j := range s.Std {
		s.Std[j] = math.Sqrt(s.Std[j] / float64(n))
	}
	return s, nil
}

// Apply standardises ds's features in place: (v - Mean[j]) / Std[j] for
// feature j, or just v - Mean[j] when Std[j] is 0 (a constant feature), so no
// NaN appears. It returns an error if ds is malformed or its feature count
// differs from the fitted one.
func (s *Standardizer) Apply(ds *Dataset) error {
	if err := ds.Validate(); err != nil {
		return err
	}
	w := rowLen(ds.X)
	if s == nil || len(s.Mean) != w || len(s.Std) != w {
		return errors.Errorf("datasets: %s: Standardizer fitted for a different feature count than %d", ds.Name, w)
	}
	xs := ds.X.Float64s()
	for i := 0; i < ds.Len(); i++ {
		row := xs[i*w : (i+1)*w]
		for j, v := range row {
			v -= s.Mean[j]
			if s.Std[j] > 0 {
				v /= s.Std[j]
			}
			row[j] = v
		}
	}
	return nil
}
