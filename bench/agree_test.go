package bench

import (
	"math"
	"testing"
)

// TestWorkloadsAgree checks that both engines compute the same loss on the
// first steps of each workload from the same data and initial weights (the
// benchmarks would be meaningless otherwise).
//
// The float64 workloads agree to 1e-9 relative. The float32 ones are held to
// 1e-4: float32's unit roundoff is 6e-8, and the two engines sum the
// products of a 784-long inner dimension, a 2,560-term loss and 32 chained
// time steps in different orders (gorgonia's BLAS blocks and vectorises
// differently, its softmax is not ours), so each loss may differ by a few
// hundred roundoffs after three steps; a wrong gradient moves it by far more.
// A training workload's loss must fall over the four steps; an inference
// workload's (W8) is the same at every step.
func TestWorkloadsAgree(t *testing.T) {
	for _, c := range workloads {
		t.Run(c.name, func(t *testing.T) {
			if c.theirs == nil {
				t.Skipf("%s: no gorgonia side (%s)", c.name, c.noGorgonia)
			}
			s1, l1 := c.ours(t)
			s2, l2 := c.theirs(t)
			var first float64
			for i := 0; i < 4; i++ {
				if err := s1(); err != nil {
					t.Fatal(err)
				}
				if err := s2(); err != nil {
					t.Fatal(err)
				}
				a, b := l1(), l2()
				if i == 0 {
					first = a
				}
				if d := math.Abs(a - b); !(d <= c.tol*max(1, math.Abs(b))) {
					t.Errorf("%s step %d: chainrule loss %.9g, gorgonia %.9g (relative difference %.2g > %g)",
						c.name, i, a, b, d/max(1, math.Abs(b)), c.tol)
				}
				t.Logf("%s step %d: chainrule %.9g gorgonia %.9g", c.name, i, a, b)
			}
			if last := l1(); !c.infer && !(last < first) {
				t.Errorf("%s: loss did not fall over 4 steps: %v then %v", c.name, first, last)
			}
		})
	}
}
