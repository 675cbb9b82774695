// Command tanh writes ../tanh_amd64.s, the AVX2 float32 tanh of package
// kernels (tanh.go there has tanh32Go, the pure-Go reference it reproduces
// bit for bit; tanh_amd64.go the declaration), with avo. From
// internal/kernels:
//
//	go generate        (runs: go run -C asm ./tanh -out ../tanh_amd64.s)
//
// The loop shape is package loop's; the steps of the 4 vectors of the main
// loop are interleaved so that their Horner chains, about 50 cycles of
// latency each, overlap. The vector loops read x twice, once in the VMINPS
// that starts the clamp and once in the final VBLENDVPS, both before the
// store of the same vector, so d may alias x exactly (in place). Unrolling
// further is not possible with 16 YMM registers (3 per vector: v and then q
// in bank 0, x² in bank 1, p in bank 2; 4 for constants in bank 3; the
// other coefficients are memory operands); giving p and q a register each
// and interleaving them was slower.
//
// Bit-identical to tanh32Go: the polynomials are evaluated with the same
// float32 constants, the same operations and the same parenthesisation as
// the Go source, with plain VMULPS/VADDPS/VDIVPS, never FMA: Go does not
// fuse tanh32Go's multiplies and adds for GOAMD64=v1, the default (for
// GOAMD64=v3 it does, and tanh32Go then differs from this by a few ulps).
// Only the operand order of some commutative multiplies and adds differs,
// which changes nothing: IEEE add and multiply are commutative, and no NaN
// can reach them (see the clamp below). Go's branches become selections on
// every lane:
//
//   - clamp: a VMINPS with clamp, then a VMAXPS with -clamp. "VMINPS b, a,
//     dst" gives a < b ? a : b, and b whenever either is NaN; VMAXPS
//     likewise with >. So v > clamp gives clamp as in Go, v == clamp the
//     same value, and ±Inf give ±clamp as in Go. A NaN v comes out as
//     ±clamp, never NaN (the vector loops compute clamp < v ? clamp : v,
//     NaN, then NaN > -clamp ? NaN : -clamp, -clamp; the scalar loop gives
//     clamp), so the polynomials never see a NaN, and the NaN lane is
//     replaced below.
//   - passthrough: Go returns v itself (same bits) when v is NaN or when
//     v < 0.0004 && v > -0.0004, which, since float32(-0.0004) is exactly
//     -float32(0.0004), is |v| < 0.0004 (±0 and denormals included). One
//     compare gives both: VCMPPS predicate 0x19 (NGE_UQ, non-signalling) on
//     |x| and 0.0004 is true when |x| < 0.0004 or when x is NaN. VBLENDVPS
//     then picks x itself, read again from memory, on those lanes and p/q
//     elsewhere (the scalar loop loads x into a register with VMOVSS first:
//     a VBLENDVPS memory operand would read 16 bytes, past the end of x).
//
// Operand order is Go's: "VOP src2, src1, dst" means dst = src1 OP src2;
// "VBLENDVPS mask, b, a, dst" means dst = mask's sign bit set ? b : a.
package main

import (
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/chainrule/chainrule/internal/kernels/asm/loop"
)

// The constants of tanh32Go, as float64 literals that Go rounds to float32.
const (
	clamp = 7.90531110763549805
	small = 0.0004
	a1    = 4.89352455891786e-03
	a3    = 6.37261928875436e-04
	a5    = 1.48572235717979e-05
	a7    = 5.12229709037114e-08
	a9    = -8.60467152213735e-11
	a11   = 2.00018790482477e-13
	a13   = -2.76076847742355e-16
	b0    = 4.89352518554385e-03
	b2    = 2.26843463243900e-03
	b4    = 1.18534705686654e-04
	b6    = 1.19825839466702e-06
)

const ngeUQ = 0x19 // VCMPPS predicate: not greater-or-equal, unordered, non-signalling

func main() {
	// tanh32c<> holds each constant rounded to float32 and repeated 8 times
	// (32 bytes), so that a YMM instruction can take it as a memory operand;
	// the scalar tail reads the first copy.
	tab := GLOBL("tanh32c", RODATA|NOPTR)
	at := map[string]Mem{}
	for i, c := range []struct {
		name string
		bits uint32
	}{
		{"clamp", math.Float32bits(clamp)}, {"-clamp", math.Float32bits(-clamp)}, {"absmask", 0x7fffffff},
		{"small", math.Float32bits(small)}, {"a13", math.Float32bits(a13)}, {"a11", math.Float32bits(a11)},
		{"a9", math.Float32bits(a9)}, {"a7", math.Float32bits(a7)}, {"a5", math.Float32bits(a5)},
		{"a3", math.Float32bits(a3)}, {"a1", math.Float32bits(a1)}, {"b6", math.Float32bits(b6)},
		{"b4", math.Float32bits(b4)}, {"b2", math.Float32bits(b2)}, {"b0", math.Float32bits(b0)},
	} {
		for j := 0; j < 4; j++ {
			DATA(32*i+8*j, U64(uint64(c.bits)<<32|uint64(c.bits)))
		}
		at[c.name] = tab.Offset(32 * i)
	}

	// Bank 0: v, then q; bank 1: x2; bank 2: p. Y12–Y15: clamp, -clamp,
	// the sign mask, 0.0004.
	poly := []loop.Step{
		func(o loop.Ops, a loop.At) { o.Mul(a.Bank(0), a.Bank(0), a.Bank(1)) }, // x2 = v*v
		func(o loop.Ops, a loop.At) { o.Mul(at["a13"], a.Bank(1), a.Bank(2)) }, // p = x2*a13
	}
	// Horner's scheme, acc in bank b: acc += c0; then acc *= x2, acc += c
	// for each further c.
	horner := func(b int, coef ...string) {
		for i, c := range coef {
			if i > 0 {
				poly = append(poly, func(o loop.Ops, a loop.At) { o.Mul(a.Bank(1), a.Bank(b), a.Bank(b)) })
			}
			poly = append(poly, func(o loop.Ops, a loop.At) { o.Add(at[c], a.Bank(b), a.Bank(b)) })
		}
	}
	horner(2, "a11", "a9", "a7", "a5", "a3", "a1")
	poly = append(poly,
		func(o loop.Ops, a loop.At) { o.Mul(a.Bank(0), a.Bank(2), a.Bank(2)) }, // p *= v
		func(o loop.Ops, a loop.At) { o.Mul(at["b6"], a.Bank(1), a.Bank(0)) },  // q = x2*b6 (v is no longer needed)
	)
	horner(0, "b4", "b2", "b0")
	poly = append(poly, func(o loop.Ops, a loop.At) { o.Div(a.Bank(0), a.Bank(2), a.Bank(2)) }) // p /= q

	vec := append([]loop.Step{
		func(o loop.Ops, a loop.At) { o.Min(a.Mem(RSI), Y12, a.Bank(0)) }, // v = min(x, clamp)
		func(o loop.Ops, a loop.At) { o.Max(Y13, a.Bank(0), a.Bank(0)) },  // v = max(v, -clamp)
	}, poly...)
	vec = append(vec, func(o loop.Ops, a loop.At) { // one vector at a time
		o.And(a.Mem(RSI), Y14, a.Bank(0))                    // |x|
		o.Cmp(U8(ngeUQ), Y15, a.Bank(0), a.Bank(0))          // m = !(|x| >= 0.0004): |x| < 0.0004 or NaN
		o.Blend(a.Bank(0), a.Mem(RSI), a.Bank(2), a.Bank(2)) // m ? x : p/q
		o.Mov(a.Bank(2), a.Mem(RDI))
	})
	scalar := append([]loop.Step{func(o loop.Ops, a loop.At) {
		o.Mov(a.Mem(RSI), X0) // x
		o.Min(X12, X0, X0)    // v = min(x, clamp)
		o.Max(X13, X0, X0)    // v = max(v, -clamp)
	}}, poly...)
	scalar = append(scalar, func(o loop.Ops, a loop.At) {
		o.Mov(a.Mem(RSI), X4)         // x again
		o.And(X14, X4, X0)            // |x|
		o.Cmp(U8(ngeUQ), X15, X0, X0) // m = !(|x| >= 0.0004): |x| < 0.0004 or NaN
		o.Blend(X0, X4, X8, X8)       // m ? x : p/q
		o.Mov(X8, a.Mem(RDI))
	})
	loop.Gen(loop.Float32, loop.Kernel{Name: "tanh32AVX2", Doc: "d[i] = tanh32Go's tanh of x[i], bit for bit", In: []string{"x"},
		Steps: vec, Scalar: scalar,
		Setup: func(e loop.Elem) {
			for i, r := range []VecPhysical{Y12, Y13, Y14, Y15} {
				e.Vec.Mov(tab.Offset(32*i), r)
			}
		}})
	Generate()
}
