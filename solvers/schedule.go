package solvers

import "math"

// Schedule gives the learning rate of each step. Set Options.Schedule to use
// one in place of Options.LR.
type Schedule interface {
	// Rate returns the learning rate of step k, counted from 0. Step returns
	// an error when the rate is not positive and finite.
	Rate(k int) float64
}

var (
	_ Schedule = Constant(0)
	_ Schedule = StepDecay{}
	_ Schedule = Exponential{}
)

// Constant is a schedule whose rate is the same at every step. Constant(α)
// behaves like Options{LR: α}.
type Constant float64

// Rate returns c whatever k is.
func (c Constant) Rate(k int) float64 { return float64(c) }

// StepDecay multiplies the rate by Gamma every Every steps:
// Rate(k) = Initial·Gamma^⌊k/Every⌋, as torch.optim.lr_scheduler.StepLR with
// step_size Every stepped once per Step.
type StepDecay struct {
	// Initial is the rate of steps 0 to Every−1.
	Initial float64
	// Gamma is the factor applied every Every steps. Zero means 0.1, PyTorch's
	// default.
	Gamma float64
	// Every is the number of steps between decays. It must be positive; Rate
	// returns NaN otherwise, which makes Step return an error.
	Every int
}

// Rate returns Initial·Gamma^⌊k/Every⌋, or NaN when Every is not positive or
// Gamma is negative.
func (s StepDecay) Rate(k int) float64 {
	g := s.Gamma
	if g == 0 {
		g = 0.1
	}
	if s.Every <= 0 || g < 0 {
		return math.NaN()
	}
	return s.Initial * math.Pow(g, float64(k/s.Every))
}

// Exponential multiplies the rate by Gamma at every step:
// Rate(k) = Initial·Gamma^k, as torch.optim.lr_scheduler.ExponentialLR
// stepped once per Step.
type Exponential struct {
	// Initial is the rate of step 0.
	Initial float64
	// Gamma is the factor applied at every step. It has no default: zero
	// gives a zero rate from step 1 on, which makes Step return an error.
	Gamma float64
}

// Rate returns Initial·Gamma^k, or NaN when Gamma is negative.
func (e Exponential) Rate(k int) float64 {
	if e.Gamma < 0 {
		return math.NaN()
	}
	return e.Initial * math.Pow(e.Gamma, float64(k))
}
