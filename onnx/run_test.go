package onnx

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

// batches are the batch sizes each model runs at through the symbolic
// batch dimension: 100 inputs in all.
var batches = []int{1, 3, 16, 80}

// TestGonnxRunsExports exports each model once, built at batch 1 with a
// symbolic batch, runs the file in gonnx (an independent pure-Go ONNX
// runtime) on 100 inputs in batches of 1, 3, 16 and 80, and compares every
// output with chainrule's graph built at that batch size, to 1e-5.
func TestGonnxRunsExports(t *testing.T) {
	for ci, c := range runCases() {
		t.Run(c.name, func(t *testing.T) {
			m := c.build(1)
			file := exportBytes(t, m, Options{SymbolicBatch: true})
			r := rand.New(rand.NewPCG(uint64(ci), 99))
			names := []string{m.inputs[0].Name()}
			worst, n := 0.0, 0
			for _, b := range batches {
				var x *tensor.Dense
				if c.input != nil {
					x = c.input(r, b)
				} else {
					x = randTensor(r, append([]int{b}, c.shape...)...)
				}
				want := runChainrule(t, c.build(b), []*tensor.Dense{x})
				got := runGonnx(t, file, names, []*tensor.Dense{x})
				if len(got) != len(want) {
					t.Fatalf("batch %d: gonnx gave %d outputs, want %d", b, len(got), len(want))
				}
				for i := range want {
					d := maxDiff(want[i], got[i])
					if d > 1e-5 {
						t.Errorf("batch %d, output %d: gonnx %v differs from chainrule %v by %g", b, i, got[i].Shape(), want[i].Shape(), d)
					}
					worst = max(worst, d)
				}
				n += b
			}
			t.Logf("%d inputs, largest difference %.3g", n, worst)
		})
	}
}
