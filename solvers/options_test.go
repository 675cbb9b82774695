package solvers

import (
	"testing"

	"gorgonia.org/tensor"
)

// TestOptions checks clipping and weight decay through SGD and Adam on two
// tensors per step, in float64 and float32.
func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      func() Solver
		w0, g0 [2][]float64
		want   [2][]float64
	}{
		{
			// ClipValue 1: g = (3, −0.5 | −4) → (1, −0.5 | −1); α 1, w₀ = 0.
			name: "clip value",
			s:    func() Solver { return &SGD{Options: Options{LR: 1, ClipValue: 1}} },
			w0:   [2][]float64{{0, 0}, {0}}, g0: [2][]float64{{3, -0.5}, {-4}},
			want: [2][]float64{{-1, 0.5}, {1}},
		},
		{
			// ClipNorm 5: ‖(6, 0 | 8)‖ = 10 > 5, scale 5/10 = 0.5 → (3, 0 | 4).
			name: "clip norm",
			s:    func() Solver { return &SGD{Options: Options{LR: 1, ClipNorm: 5}} },
			w0:   [2][]float64{{0, 0}, {0}}, g0: [2][]float64{{6, 0}, {8}},
			want: [2][]float64{{-3, 0}, {-4}},
		},
		{
			// ClipNorm 20 ≥ ‖g‖ = 10: unchanged.
			name: "clip norm inactive",
			s:    func() Solver { return &SGD{Options: Options{LR: 1, ClipNorm: 20}} },
			w0:   [2][]float64{{0, 0}, {0}}, g0: [2][]float64{{6, 0}, {8}},
			want: [2][]float64{{-6, 0}, {-8}},
		},
		{
			// ClipValue 5 then ClipNorm 5: (6, 0 | 8) → (5, 0 | 5), norm √50,
			// scale 5/√50 = 1/√2 → (3.5355339059, 0 | 3.5355339059).
			name: "clip value then norm",
			s:    func() Solver { return &SGD{Options: Options{LR: 1, ClipValue: 5, ClipNorm: 5}} },
			w0:   [2][]float64{{0, 0}, {0}}, g0: [2][]float64{{6, 0}, {8}},
			want: [2][]float64{{-3.5355339059327378, 0}, {-3.5355339059327378}},
		},
		{
			// WeightDecay 0.1, α 0.5: g' = g + 0.1·w:
			// (1 + 0.2, 0 − 0.4 | −1 + 0) = (1.2, −0.4 | −1),
			// w = (2 − 0.6, −4 + 0.2 | 0 + 0.5) = (1.4, −3.8 | 0.5).
			name: "weight decay",
			s:    func() Solver { return &SGD{Options: Options{LR: 0.5, WeightDecay: 0.1}} },
			w0:   [2][]float64{{2, -4}, {0}}, g0: [2][]float64{{1, 0}, {-1}},
			want: [2][]float64{{1.4, -3.8}, {0.5}},
		},
		{
			// Weight decay feeds Adam's moments (coupled, not AdamW): w = 2,
			// g = 0, λ = 0.5: g' = 1, first step w ← 2 − 0.1·1/(1 + 1e-8)
			// = 1.900000001. For w = 0, g' = 0 and w stays 0.
			name: "adam weight decay",
			s:    func() Solver { return &Adam{Options: Options{LR: 0.1, WeightDecay: 0.5}} },
			w0:   [2][]float64{{2, 0}, {0}}, g0: [2][]float64{{0, 0}, {0}},
			want: [2][]float64{{1.900000001, 0}, {0}},
		},
	} {
		for _, f32 := range []bool{false, true} {
			var ps, gs []*tensor.Dense
			for j := range 2 {
				if f32 {
					ps, gs = append(ps, vec[float32](tc.w0[j]...)), append(gs, vec[float32](tc.g0[j]...))
				} else {
					ps, gs = append(ps, vec[float64](tc.w0[j]...)), append(gs, vec[float64](tc.g0[j]...))
				}
			}
			if err := tc.s().Step(ps, gs); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			for j := range 2 {
				assertClose(t, tc.name, values(ps[j]), tc.want[j], tolFor(ps[j]))
				assertClose(t, tc.name+" grads untouched", values(gs[j]), tc.g0[j], 0)
			}
		}
	}
}
