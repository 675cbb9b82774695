package datasets

import (
	"bytes"
	_ "embed" // for the go:embed data file
	"math"
	"slices"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"
)

//go:embed data/lfw_subset.npy.gz
var lfwNPYGz []byte

// LFWClasses are the class names of LFW: class 0 is a background crop, class
// 1 a face (scikit-image's face-detection example labels them so).
var LFWClasses = []string{"non-face", "face"}

// LFW returns scikit-image's lfw_subset, embedded: 200 grayscale 25x25 crops,
// samples 0..99 faces from Labeled Faces in the Wild (Huang et al.) and
// samples 100..199 non-face background crops from the same photographs. X is
// float64 [200, 625] with values in [0, 1] (row-major images), Y int [200]
// (1 for the first 100, 0 for the rest), Classes LFWClasses, SampleShape
// [25 25]. The samples are sorted by class: split before training. The file
// is BSD-3-Clause (scikit-image); the photographs' authors state no licence,
// so use it as a small test and demo set and attribute LFW. Each call parses
// the data afresh, so the caller owns the result. It returns an error only if
// the embedded file is damaged.
func LFW() (*Dataset, error) {
	const name = "embedded lfw_subset.npy.gz"
	a, err := ReadNPY(bytes.NewReader(lfwNPYGz), name)
	if err != nil {
		return nil, err
	}
	if a.Descr != "<f8" || !slices.Equal(a.Shape, []int{200, 25, 25}) {
		return nil, errors.Errorf("datasets: %s: %s %v, want <f8 [200 25 25]", name, a.Descr, a.Shape)
	}
	for i, v := range a.Data {
		if !(v >= 0 && v <= 1) || math.IsNaN(v) {
			return nil, errors.Errorf("datasets: %s: element %d is %v, want a value in [0, 1]", name, i, v)
		}
	}
	y := make([]int, 200)
	for i := range 100 {
		y[i] = 1
	}
	return &Dataset{
		Name:        "lfw",
		X:           tensor.New(tensor.WithShape(200, 625), tensor.WithBacking(a.Data)),
		Y:           tensor.New(tensor.WithShape(200), tensor.WithBacking(y)),
		Classes:     slices.Clone(LFWClasses),
		SampleShape: []int{25, 25},
	}, nil
}
