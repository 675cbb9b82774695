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

// TestBinaryKernelMergedRows checks binaryKernel, which hands runs of rows
// that continue both operands to one binaryRow call, against broadcasting
// written out index by index, bit for bit, for every kind, in float32, on
// shape pairs whose rows merge (a bias [O, 1, 1] over [B, O, H, W], a
// column [H, 1], a row), partly merge ([1, O, 1, W]) or never merge, with
// the broadcast operand on either side; and cut into row ranges or ranges
// of the precomputed row groups, as the cores split them, the same bits.
func TestBinaryKernelMergedRows(t *testing.T) {
	pairs := [][2][]int{
		{{2, 3, 4, 5}, {3, 1, 1}},
		{{2, 3, 4, 5}, {1, 3, 1, 5}},
		{{4, 6}, {4, 1}},
		{{4, 6}, {6}},
		{{3, 4, 5}, {3, 4, 5}},
		{{2, 3, 4}, {2, 1, 4}},
		{{5, 7}, {1}},
	}
	for _, pr := range pairs {
		for _, swap := range []bool{false, true} {
			as, bs := pr[0], pr[1]
			if swap {
				as, bs = bs, as
			}
			out := pr[0]
			a, b := make([]float32, prod(as)), make([]float32, prod(bs))
			for i := range a {
				a[i] = float32(i%7) - 2.5
			}
			for i := range b {
				b[i] = float32(i%5)*0.75 - 1
			}
			p := newBcastPlan(out, as, bs)
			for _, k := range []binKind{kAdd, kSub, kMul, kDiv, kGreater} {
				got := make([]float32, prod(out))
				binaryKernel(k, p, got, a, b)
				rows := len(got) / p.inner
				starts := p.groups(rows)
				ng := len(starts) - 1
				for _, cut := range []int{1, rows / 3, rows - 1} { // as the cores split the rows
					split, groups := make([]float32, len(got)), make([]float32, len(got))
					binaryRows(k, p, split, a, b, 0, cut)
					binaryRows(k, p, split, a, b, cut, rows)
					gc := min(cut, ng)
					binaryGroups(k, p, groups, a, b, starts, 0, gc)
					binaryGroups(k, p, groups, a, b, starts, gc, ng)
					for i := range got {
						if math.Float32bits(split[i]) != math.Float32bits(got[i]) || math.Float32bits(groups[i]) != math.Float32bits(got[i]) {
							t.Fatalf("%v op %v, kind %d, cut at %d: element %d = %v (rows), %v (groups), whole %v", as, bs, k, cut, i, split[i], groups[i], got[i])
						}
					}
				}
				for i := range got {
					want := binaryScalar(k, a[bcastIndex(i, out, as)], b[bcastIndex(i, out, bs)])
					if math.Float32bits(got[i]) != math.Float32bits(want) {
						t.Fatalf("%v op %v, kind %d: element %d = %v, want %v", as, bs, k, i, got[i], want)
					}
				}
			}
		}
	}
}

func prod(s []int) int {
	n := 1
	for _, v := range s {
		n *= v
	}
	return n
}

// bcastIndex maps flat index i of shape out to the element of an operand
// of shape s broadcast to out (aligned on the right, size-1 axes repeated).
func bcastIndex(i int, out, s []int) int {
	idx, st := 0, 1
	for d := 1; d <= len(out); d++ {
		c := i % out[len(out)-d]
		i /= out[len(out)-d]
		if d <= len(s) {
			if n := s[len(s)-d]; n != 1 {
				idx += c * st
			}
			st *= s[len(s)-d]
		}
	}
	return idx
}
