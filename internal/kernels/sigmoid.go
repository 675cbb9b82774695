package kernels

import "math"

// Sigmoid64 is the logistic function 1/(1 + e⁻ᵛ) in float64, computed
// without overflow for large |v|.
func Sigmoid64(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	e := math.Exp(v)
	return e / (1 + e)
}
