package kernels

import (
	"math"
	"math/rand"
	"testing"
)

// TestRowScalar checks every row-and-scalar kernel, float32 and float64,
// through the entry point with and without AVX2, against a + s (or s + a,
// and so on) computed here element by element, bit for bit, on every
// length of simdLengths at unaligned starts, with simdFill's special values
// (NaN payloads, signed zeros, infinities, subnormals) in the row and as
// the scalar, in place too; the elements past len(d) stay untouched.
func TestRowScalar(t *testing.T) {
	old := useAVX2
	defer func() { useAVX2 = old }()
	rng := rand.New(rand.NewSource(7))
	for _, asm := range []bool{true, false} {
		if asm && !old {
			continue
		}
		useAVX2 = asm
		for op := AddScalar; op <= ScalarSub; op++ {
			for _, n := range simdLengths() {
				for off := 0; off < 3; off++ {
					checkRowScalar32(t, rng, op, n, off, asm)
					checkRowScalar64(t, rng, op, n, off, asm)
				}
			}
		}
	}
}

func checkRowScalar32(t *testing.T, rng *rand.Rand, op ScalarOp, n, off int, asm bool) {
	t.Helper()
	a, d := make([]float32, off+n), make([]float32, off+n+simdGuard)
	simdFill32(rng, a)
	simdFill32(rng, d)
	sv := make([]float32, 1)
	simdFill32(rng, sv)
	s := sv[0]
	want := make([]float32, n)
	for i, x := range a[off:] {
		switch op {
		case AddScalar:
			want[i] = x + s
		case SubScalar:
			want[i] = x - s
		case MulScalar:
			want[i] = x * s
		case ScalarSub:
			want[i] = s - x
		}
	}
	guard := append([]float32(nil), d[off+n:]...)
	RowScalar32(op, d[off:off+n], a[off:], s)
	inPlace := append([]float32(nil), a[off:]...)
	RowScalar32(op, inPlace, inPlace, s)
	for i := range want {
		if math.Float32bits(d[off+i]) != math.Float32bits(want[i]) || math.Float32bits(inPlace[i]) != math.Float32bits(want[i]) {
			t.Fatalf("asm=%v op %d n=%d off=%d: d[%d] = %#08x (in place %#08x), want %#08x (a %#08x, s %#08x)", asm, op, n, off, i,
				math.Float32bits(d[off+i]), math.Float32bits(inPlace[i]), math.Float32bits(want[i]), math.Float32bits(a[off+i]), math.Float32bits(s))
		}
	}
	for i, v := range guard {
		if math.Float32bits(d[off+n+i]) != math.Float32bits(v) {
			t.Fatalf("asm=%v op %d n=%d off=%d: wrote past len(d) at %d", asm, op, n, off, i)
		}
	}
}

func checkRowScalar64(t *testing.T, rng *rand.Rand, op ScalarOp, n, off int, asm bool) {
	t.Helper()
	a, d := make([]float64, off+n), make([]float64, off+n+simdGuard)
	simdFill64(rng, a)
	simdFill64(rng, d)
	sv := make([]float64, 1)
	simdFill64(rng, sv)
	s := sv[0]
	want := make([]float64, n)
	for i, x := range a[off:] {
		switch op {
		case AddScalar:
			want[i] = x + s
		case SubScalar:
			want[i] = x - s
		case MulScalar:
			want[i] = x * s
		case ScalarSub:
			want[i] = s - x
		}
	}
	guard := append([]float64(nil), d[off+n:]...)
	RowScalar64(op, d[off:off+n], a[off:], s)
	inPlace := append([]float64(nil), a[off:]...)
	RowScalar64(op, inPlace, inPlace, s)
	for i := range want {
		if math.Float64bits(d[off+i]) != math.Float64bits(want[i]) || math.Float64bits(inPlace[i]) != math.Float64bits(want[i]) {
			t.Fatalf("asm=%v op %d n=%d off=%d: d[%d] = %#x (in place %#x), want %#x (a %#x, s %#x)", asm, op, n, off, i,
				math.Float64bits(d[off+i]), math.Float64bits(inPlace[i]), math.Float64bits(want[i]), math.Float64bits(a[off+i]), math.Float64bits(s))
		}
	}
	for i, v := range guard {
		if math.Float64bits(d[off+n+i]) != math.Float64bits(v) {
			t.Fatalf("asm=%v op %d n=%d off=%d: wrote past len(d) at %d", asm, op, n, off, i)
		}
	}
}
