package datasets

import (
	"io"
	"strings"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

// ReadIrisCSV reads a classification CSV in scikit-learn's layout (iris.csv):
// a first line "N,D,class0,class1,..." giving the sample count, the feature
// count and the class names, then N lines of D numbers and a class index. The
// input may be gzip'd. The dataset is named "iris" with X float64 [N, D], Y int
// [N] and SampleShape [D]; name is used in error messages. It returns an error
// naming the line and column for a bad header, a wrong field count, a value
// that is not a finite number, a class index out of range, a line longer
// than MaxIrisLine bytes, or a sample count that disagrees with the header.
func ReadIrisCSV(r io.Reader, name string) (*Dataset, error) {
	var n, d int
	var classes []string
	var x []float64
	var y []int
	err := eachCSVLine(r, name, MaxIrisLine, "an iris-layout line (up to 4096 features)", func(line int, f []string) error {
		if classes == nil {
			return parseIrisHeader(name, line, f, &n, &d, &classes)
		}
		if len(y) == n {
			return errors.Errorf("datasets: %s:%d: more samples than the %d the header announces", name, line, n)
		}
		if len(f) != d+1 {
			return errors.Errorf("datasets: %s:%d: %d fields, want %d (%d features and a class)", name, line, len(f), d+1, d)
		}
		for j := 0; j < d; j++ {
			v, err := parseFloatField(name, line, j, f[j])
			if err != nil {
				return err
			}
			x = append(x, v)
		}
		c, err := parseIntField(name, line, d, f[d], 0, len(classes)-1)
		if err != nil {
			return err
		}
		y = append(y, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if classes == nil {
		return nil, errors.Errorf("datasets: %s: empty file, want a header line", name)
	}
	if len(y) != n {
		return nil, errors.Errorf("datasets: %s: header announces %d samples, file holds %d", name, n, len(y))
	}
	return &Dataset{
		Name:        "iris",
		X:           tensor.New(tensor.WithShape(n, d), tensor.WithBacking(x)),
		Y:           tensor.New(tensor.WithShape(n), tensor.WithBacking(y)),
		Classes:     classes,
		SampleShape: []int{d},
	}, nil
}

// parseIrisHeader parses "N,D,class0,class1,...".
func parseIrisHeader(name string, line int, f []string, n, d *int, classes *[]string) error {
	if len(f) < 3 {
		return errors.Errorf("datasets: %s:%d: header has %d fields, want N,D,class names", name, line, len(f))
	}
	var err error
	if *n, err = parseIntField(name, line, 0, f[0], 1, 1<<24); err != nil {
		return err
	}
	if *d, err = parseIntField(name, line, 1, f[1], 1, 1<<12); err != nil {
		return err
	}
	cs := make([]string, len(f)-2)
	for i, c := range f[2:] {
		if cs[i] = strings.TrimSpace(c); cs[i] == "" {
			return errors.Errorf("datasets: %s:%d: column %d: empty class name", name, line, i+3)
		}
	}
	*classes = cs
	return nil
}
