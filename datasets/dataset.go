package datasets

import "gorgonia.org/tensor"

// Dataset is a table of samples: features X and targets Y, one row per sample.
//
// X is always a float64 tensor of shape [N, D] (images flattened row-major;
// SampleShape keeps the per-sample shape, e.g. [28 28]). For classification Y is
// an int tensor of shape [N] holding class indices 0..len(Classes)-1; for
// regression Y is a float64 tensor of shape [N, K] and Classes is nil. Mask, when
// not nil, has Y's shape and holds 1 where a target is present and 0 where it is
// missing (facial keypoints); a missing target's value in Y is 0 and must not be
// used.
type Dataset struct {
	Name        string        // short name, e.g. "mnist"
	X           *tensor.Dense // features, float64 [N, D]
	Y           *tensor.Dense // targets: int [N] class indices, or float64 [N, K]
	Mask        *tensor.Dense // optional, float64, same shape as Y
	Classes     []string      // class names for classification; nil for regression
	SampleShape []int         // shape of one sample before flattening, e.g. [28 28]
	Targets     []string      // names of regression target columns, if known
}
