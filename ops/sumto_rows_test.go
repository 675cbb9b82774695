package ops

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainrule/chainrule/graph"
)

// TestSumToRowsInOrder checks SumTo down to a bias's shape ([B, O, H, W]
// to [O, 1, 1]: rows of W elements, each summed to one element; row counts
// that are and are not multiples of the four summed at a time) bit for bit
// against the definition: each row summed left to right from 0, the rows'
// sums added to their element in row order. The values span many magnitudes, so a
// different order of the additions would show in the low bits.
func TestSumToRowsInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	for _, s := range [][4]int{{2, 2, 3, 3}, {3, 3, 2, 5}, {5, 7, 4, 4}, {1, 1, 1, 9}} {
		b, o, h, w := s[0], s[1], s[2], s[3]
		x32 := make([]float32, b*o*h*w)
		x64 := make([]float64, len(x32))
		for i := range x32 {
			v := (rng.Float64()*2 - 1) * math.Pow(10, float64(rng.IntN(12)-6))
			x32[i], x64[i] = float32(v), v
		}
		want32, want64 := make([]float32, o), make([]float64, o)
		for r := 0; r < b*o*h; r++ {
			var s32 float32
			var s64 float64
			for j := 0; j < w; j++ {
				s32 += x32[r*w+j]
				s64 += x64[r*w+j]
			}
			want32[r/h%o] += s32
			want64[r/h%o] += s64
		}
		op := &sumTo{to: []int{o, 1, 1}}
		xs := []int{b, o, h, w}
		op.plan = newRowPlan(xs, graph.BroadcastStrides(op.to, xs))
		op.off = op.plan.offsets()
		got32, got64 := make([]float32, o), make([]float64, o)
		sumToK(op.plan, op.off, got32, x32)
		sumToK(op.plan, op.off, got64, x64)
		for i := range want32 {
			if math.Float32bits(got32[i]) != math.Float32bits(want32[i]) || math.Float64bits(got64[i]) != math.Float64bits(want64[i]) {
				t.Errorf("%v: element %d = %v, %v, want %v, %v", s, i, got32[i], got64[i], want32[i], want64[i])
			}
		}
		// Cut into ranges of d, as the cores split it: the same bits.
		for cut := 0; cut <= o; cut++ {
			part := make([]float32, o)
			sumToRange(w, op.off, part, x32, 0, cut)
			sumToRange(w, op.off, part, x32, cut, o)
			for i := range part {
				if math.Float32bits(part[i]) != math.Float32bits(want32[i]) {
					t.Errorf("%v cut at %d: element %d = %v, want %v", s, cut, i, part[i], want32[i])
				}
			}
		}
	}
}

// BenchmarkSumToBias times SumTo of W6's convolution gradients down to
// their biases, float32.
func BenchmarkSumToBias(b *testing.B) {
	for _, s := range [][4]int{{64, 20, 24, 24}, {64, 50, 8, 8}} {
		b.Run(graph.ShapeString(s[:]), func(b *testing.B) {
			op := &sumTo{to: []int{s[1], 1, 1}}
			xs := s[:]
			op.plan = newRowPlan(xs, graph.BroadcastStrides(op.to, xs))
			op.off = op.plan.offsets()
			x, d := make([]float32, s[0]*s[1]*s[2]*s[3]), make([]float32, s[1])
			for i := range x {
				x[i] = float32(i%13) - 6
			}
			for i := 0; i < b.N; i++ {
				sumToK(op.plan, op.off, d, x)
			}
		})
	}
}
