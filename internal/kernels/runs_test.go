package kernels

import (
	"math"
	"testing"
	"unsafe"
)

// TestRuns checks gatherRuns and scatterAddRuns against their definition
// (each run's elements copied, or added with dst first, in the nest's
// order, computed here element by element; the contiguous operand's gaps
// untouched), with the assembly and the pure-Go loops, in float32 and float64, bit for bit (NaN, −0, ∞ and
// subnormals among the operands): runs of 1..40 elements (every tail of the
// 32-byte blocks), nests with unit counts, zero strides and overlapping
// runs (which add up, as col2im's taps do), every element of dst outside
// the runs keeping its guard value (the gaps, and 32 bytes past the end:
// the copy stores a run's tail whole where another run of its row
// follows).
func TestRuns(t *testing.T) {
	defer func(old bool) { useAVX2 = old }(useAVX2)
	nests := []struct{ n, s [4]int }{
		{[4]int{1, 1, 1, 1}, [4]int{0, 0, 0, 0}},
		{[4]int{2, 3, 1, 2}, [4]int{200, 45, 7, 50}}, // disjoint
		{[4]int{3, 5, 5, 8}, [4]int{144, 12, 1, 12}}, // LeNet conv2's im2col, overlapping
		{[4]int{2, 3, 2, 3}, [4]int{1, 130, 0, 41}},  // a zero stride: the same run twice
		{[4]int{8, 8, 2, 5}, [4]int{12, 1, 144, 12}}, // LeNet conv2's im2colT
		{[4]int{1, 2, 1, 3}, [4]int{0, 3, 0, 2}},     // runs overlapping within a nest level
	}
	for _, asm := range []bool{true, false} {
		if asm && !useAVX2 {
			continue
		}
		useAVX2 = asm
		for _, ns := range nests {
			for w := 1; w <= 40; w++ {
				for _, gap := range []int{0, 3} {
					r := runs{n: ns.n, s: ns.s, run: w, gap: gap}
					checkRuns[float32](t, asm, &r)
					checkRuns[float64](t, asm, &r)
				}
			}
		}
	}
}

// refRuns calls f(o, q) with the strided and contiguous offsets of every
// run of r in order, written out: four loops, the gap after each
// iteration of the second.
func refRuns(r *runs, f func(o, q int)) {
	q := 0
	for a := 0; a < r.n[0]; a++ {
		for b := 0; b < r.n[1]; b++ {
			for c := 0; c < r.n[2]; c++ {
				for d := 0; d < r.n[3]; d++ {
					f(a*r.s[0]+b*r.s[1]+c*r.s[2]+d*r.s[3], q)
					q += r.run
				}
			}
			q += r.gap
		}
	}
}

func checkRuns[T Float](t *testing.T, asm bool, r *runs) {
	t.Helper()
	special := []float64{math.NaN(), math.Copysign(0, -1), 0, math.Inf(1), 1e-310, 1e-40}
	nc, ns, _ := r.size()
	fill := func(n int, a, b float64, every int) []T {
		v := make([]T, n)
		for i := range v {
			v[i] = T(float64(i)*a + b)
			if i%every == 3 {
				v[i] = T(special[i%len(special)])
			}
		}
		return v
	}
	same := func(a, b T) bool {
		return math.Float64bits(float64(a)) == math.Float64bits(float64(b)) || (a != a && b != b)
	}
	var z T
	// gather: strided src of ns (+ a guard), contiguous dst of nc (+ 32
	// bytes of guards: a whole tail stored past the end would show)
	src := fill(ns+1, 0.37, -3, 7)
	dst := fill(nc+32/int(unsafe.Sizeof(z)), 0, -1, 1<<30)
	want := fill(len(dst), 0, -1, 1<<30)
	refRuns(r, func(o, q int) {
		for i := 0; i < r.run; i++ {
			want[q+i] = src[o+i]
		}
	})
	gatherRuns(r, dst[:nc], src)
	for i := range dst {
		if !same(dst[i], want[i]) {
			t.Fatalf("asm=%v %T %+v: gather dst[%d] = %v, want %v", asm, z, *r, i, dst[i], want[i])
		}
	}
	// scatter-add: contiguous src of nc, strided dst of ns (+ a guard)
	add := fill(nc, -0.11, 1, 5)
	acc := fill(ns+1, 0.23, -2, 4)
	ref := append([]T(nil), acc...)
	refRuns(r, func(o, q int) {
		for i := 0; i < r.run; i++ {
			ref[o+i] = ref[o+i] + add[q+i]
		}
	})
	scatterAddRuns(r, acc[:ns], add)
	for i := range acc {
		if !same(acc[i], ref[i]) {
			t.Fatalf("asm=%v %T %+v: scatter-add dst[%d] = %v, want %v", asm, z, *r, i, acc[i], ref[i])
		}
	}
}
