package datasets

import (
	"io"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// ReadDigitsCSV reads the UCI optical digits in scikit-learn's layout
// (digits.csv.gz): no header, one sample per line, 64 integers 0..16 (an 8x8
// image, row-major) then the label 0..9. The input may be gzip'd. It returns a
// dataset named "digits" with X float64 [N, 64], Y int [N], Classes "0".."9"
// and SampleShape [8 8]; name is used in error messages. It returns an error
// naming the line and column for a wrong field count, a value out of range or
// not an integer, a line longer than MaxDigitsLine bytes, a truncated gzip
// stream, or an input without samples.
func ReadDigitsCSV(r io.Reader, name string) (*Dataset, error) {
	const d = 64
	var x []float64
	var y []int
	err := eachCSVLine(r, name, MaxDigitsLine, "a digits row of 64 pixels and a label", func(line int, f []string) error {
		if len(f) != d+1 {
			return errors.Errorf("datasets: %s:%d: %d fields, want %d (64 pixels and a label)", name, line, len(f), d+1)
		}
		for j := 0; j < d; j++ {
			v, err := parseIntField(name, line, j, f[j], 0, 16)
			if err != nil {
				return err
			}
			x = append(x, float64(v))
		}
		c, err := parseIntField(name, line, d, f[d], 0, 9)
		if err != nil {
			return err
		}
		y = append(y, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(y) == 0 {
		return nil, errors.Errorf("datasets: %s: no samples", name)
	}
	return &Dataset{
		Name:        "digits",
		X:           tensor.New(tensor.WithShape(len(y), d), tensor.WithBacking(x)),
		Y:           tensor.New(tensor.WithShape(len(y)), tensor.WithBacking(y)),
		Classes:     append([]string(nil), digitClasses...),
		SampleShape: []int{8, 8},
	}, nil
}
