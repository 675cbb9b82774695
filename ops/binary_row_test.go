package ops

import (
	"math"
	"testing"
)

// TestBinaryRowScalar checks the broadcast-value rows (binaryRowScalar: one
// operand a row, the other one value, as a convolution's [O, 1, 1] bias)
// against the expression of the general strided loop, element by element
// and bit for bit, for Add, Sub and Mul with the value on either side, in
// float32 and float64, on values that include ±0, ±Inf, NaN and a
// subnormal.
func TestBinaryRowScalar(t *testing.T) {
	row := []float64{1.5, -2.25, 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 3e38, 1e-40, 7}
	for _, v := range []float64{0.75, -3, math.Inf(1), math.NaN(), 0} {
		for _, k := range []binKind{kAdd, kSub, kMul} {
			for _, valueFirst := range []bool{false, true} {
				want := make([]float64, len(row))
				want32 := make([]float32, len(row))
				for j, x := range row {
					a, b := x, v
					if valueFirst {
						a, b = v, x
					}
					want[j] = binaryScalar(k, a, b)
					want32[j] = binaryScalar(k, float32(a), float32(b))
				}
				got, got32 := make([]float64, len(row)), make([]float32, len(row))
				row32 := make([]float32, len(row))
				for j, x := range row {
					row32[j] = float32(x)
				}
				if valueFirst {
					binaryRow(k, got, []float64{v}, 0, row, 1)
					binaryRow(k, got32, []float32{float32(v)}, 0, row32, 1)
				} else {
					binaryRow(k, got, row, 1, []float64{v}, 0)
					binaryRow(k, got32, row32, 1, []float32{float32(v)}, 0)
				}
				for j := range row {
					if math.Float64bits(got[j]) != math.Float64bits(want[j]) && !(math.IsNaN(got[j]) && math.IsNaN(want[j])) {
						t.Fatalf("kind %d value %v first=%v: element %d = %v, want %v", k, v, valueFirst, j, got[j], want[j])
					}
					if math.Float32bits(got32[j]) != math.Float32bits(want32[j]) && !(got32[j] != got32[j] && want32[j] != want32[j]) {
						t.Fatalf("float32 kind %d value %v first=%v: element %d = %v, want %v", k, v, valueFirst, j, got32[j], want32[j])
					}
				}
			}
		}
	}
}
