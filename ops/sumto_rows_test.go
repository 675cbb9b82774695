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
	for _, s := range [][4]int{{2, 2, 3, 3}, {3, 3, 2, 5}, {5, 7, 4, 4}, {3, 9, 2, 3}, {1, 1, 1, 9}} {
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
		// Row sums cut into ranges of rows, as prepSumTo splits them over
		// the cores, then added per element: the same bits.
		at, idx := rowsOf(op.off, o)
		for cut := 0; cut <= len(op.off); cut++ {
			sums, part := make([]float32, len(op.off)), make([]float32, o)
			rowSums(w, sums, x32, 0, cut)
			rowSums(w, sums, x32, cut, len(op.off))
			addRowSums(part, sums, at, idx)
			for i := range part {
				if math.Float32bits(part[i]) != math.Float32bits(want32[i]) {
					t.Errorf("%v rows cut at %d: element %d = %v, want %v", s, cut, i, part[i], want32[i])
				}
			}
		}
	}
}

// TestSumToPreparedSplit checks the prepared SumTo of W6's first bias
// gradient ([64, 20, 24, 24] to [20, 1, 1], large enough to be split over
// the cores by rows) bit for bit against the one-pass sumToK.
func TestSumToPreparedSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 8))
	xs := []int{64, 20, 24, 24}
	x := make([]float32, 64*20*24*24)
	for i := range x {
		x[i] = float32((rng.Float64()*2 - 1) * math.Pow(10, float64(rng.IntN(8)-4)))
	}
	op := &sumTo{to: []int{20, 1, 1}}
	op.plan = newRowPlan(xs, graph.BroadcastStrides(op.to, xs))
	op.off = op.plan.offsets()
	want, got := make([]float32, 20), make([]float32, 20)
	sumToK(op.plan, op.off, want, x)
	for i := range got {
		got[i] = float32(i) + 7 // stale values the run must overwrite
	}
	prepSumTo(op.plan, op.off, got, x)()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Errorf("element %d = %v, want %v (one pass)", i, got[i], want[i])
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
