// Command exp32 writes ../exp32_amd64.s, the AVX2 float32 exp and sigmoid
// of package kernels (exp32.go there has exp32Go and sigmoid32Go, the
// pure-Go references they reproduce bit for bit; exp32_amd64.go the
// declarations), with avo. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./exp32 -out ../exp32_amd64.s)
//
// The loop shape is package loop's, the steps of the 4 vectors of the main
// loop interleaved so that their dependency chains overlap. x is read again
// (for the NaN selection) before the store of the same vector, so d may
// alias x exactly (in place). Each vector uses a register of each of the 4
// banks (bank 0: v, then r, then x; bank 1: fn, then p; bank 2: n, then a
// mask; bank 3: t, then temporaries), all 16 with 4 vectors, so every
// constant is a memory operand.
//
// Bit-identical to the Go references: the same float32 constants, the same
// operations in the same order, plain VMULPS/VADDPS/VSUBPS/VDIVPS, never
// FMA. Go's branches become selections on every lane:
//
//   - clamp: "VMINPS hi, v, v" gives v < hi ? v : hi, and "VMAXPS lo, v, v"
//     v > lo ? v : lo, which equal Go's ifs for every v but NaN. A NaN lane
//     comes out clamped, runs through the arithmetic harmlessly and is
//     replaced at the end.
//   - NaN: VCMPPS predicate 3 (UNORD_Q) of x with itself marks the NaN
//     lanes, and VBLENDVPS puts x itself there, as Go's d[i] = v does.
//   - sigmoid's numerator: Go picks e when the sign bit of x is set, else 1,
//     with a bit mask; here VBLENDVPS on x XOR 0x80000000 (whose sign bit is
//     set when x's is clear) picks 1 from memory there, e elsewhere.
//
// n = round(x·log2 e) comes from t = x·log2 e + 1.5·2²³: t − 1.5·2²³ is n as
// a float and bits(t) − bits(1.5·2²³) is n as an integer (VPSUBD); then
// n1 = n>>1 (VPSRAD), n2 = n − n1, and 2^k has the bits (k + 127)<<23.
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

// The constants of exp32Core (exp32.go), as Go rounds them to float32.
const (
	hi        = 89
	lo        = -104
	log2e     = 1.44269504088896341
	magic     = 12582912   // 1.5·2²³
	magicBits = 0x4b400000 // its bits
	c1        = 0.693359375
	c2        = -2.12194440e-4
	p0        = 1.9875691500e-4
	p1        = 1.3981999507e-3
	p2        = 8.3334519073e-3
	p3        = 4.1665795894e-2
	p4        = 1.6666665459e-1
	p5        = 5.0000001201e-1
)

const unordQ = 3 // VCMPPS predicate: unordered (NaN), quiet

func main() {
	// exp32c<> holds each constant (a float32, or an int32 bit pattern)
	// repeated 8 times (32 bytes), so that a YMM instruction can take it as
	// a memory operand.
	tab := GLOBL("exp32c", RODATA|NOPTR)
	c := map[string]Mem{}
	f := math.Float32bits
	for i, k := range []struct {
		name string
		bits uint32
	}{
		{"hi", f(hi)}, {"lo", f(lo)}, {"log2e", f(log2e)}, {"magic", f(magic)}, {"magicBits", magicBits},
		{"c1", f(c1)}, {"c2", f(c2)}, {"p0", f(p0)}, {"p1", f(p1)}, {"p2", f(p2)}, {"p3", f(p3)},
		{"p4", f(p4)}, {"p5", f(p5)}, {"one", f(1)}, {"bias", 127}, {"sign", 0x80000000},
	} {
		for j := 0; j < 4; j++ {
			DATA(32*i+8*j, U64(uint64(k.bits)<<32|uint64(k.bits)))
		}
		c[k.name] = tab.Offset(32 * i)
	}

	type S = loop.Step
	type O = loop.Ops
	type A = loop.At
	x := loop.LoadStep(0, RSI)
	// core computes p = e^v from v in bank 0 (exp32Core after its clamp).
	core := []S{
		func(o O, a A) { o.Mul(c["log2e"], a.Bank(0), a.Bank(3)) },      // t = v*log2e
		func(o O, a A) { o.Add(c["magic"], a.Bank(3), a.Bank(3)) },      // t += magic
		func(o O, a A) { o.Sub(c["magic"], a.Bank(3), a.Bank(1)) },      // fn = t - magic
		func(o O, a A) { VPSUBD(c["magicBits"], a.Bank(3), a.Bank(2)) }, // n = bits(t) - magicBits
		func(o O, a A) { o.Mul(c["c1"], a.Bank(1), a.Bank(3)) },         // fn*c1
		func(o O, a A) { o.Sub(a.Bank(3), a.Bank(0), a.Bank(0)) },       // r = v - fn*c1
		func(o O, a A) { o.Mul(c["c2"], a.Bank(1), a.Bank(3)) },         // fn*c2
		func(o O, a A) { o.Sub(a.Bank(3), a.Bank(0), a.Bank(0)) },       // r -= fn*c2
		func(o O, a A) { o.Mul(c["p0"], a.Bank(0), a.Bank(1)) },         // p = r*p0
	}
	for i, k := range []string{"p1", "p2", "p3", "p4", "p5"} {
		if i > 0 {
			core = append(core, func(o O, a A) { o.Mul(a.Bank(0), a.Bank(1), a.Bank(1)) }) // p *= r
		}
		core = append(core, func(o O, a A) { o.Add(c[k], a.Bank(1), a.Bank(1)) }) // p += pk
	}
	core = append(core,
		func(o O, a A) { o.Mul(a.Bank(0), a.Bank(0), a.Bank(3)) },  // z = r*r
		func(o O, a A) { o.Mul(a.Bank(3), a.Bank(1), a.Bank(1)) },  // p *= z
		func(o O, a A) { o.Add(a.Bank(0), a.Bank(1), a.Bank(1)) },  // p += r
		func(o O, a A) { o.Add(c["one"], a.Bank(1), a.Bank(1)) },   // p += 1
		func(o O, a A) { VPSRAD(U8(1), a.Bank(2), a.Bank(3)) },     // n1 = n>>1
		func(o O, a A) { VPSUBD(a.Bank(3), a.Bank(2), a.Bank(2)) }, // n2 = n - n1
		func(o O, a A) { VPADDD(c["bias"], a.Bank(3), a.Bank(3)) }, // n1 + 127
		func(o O, a A) { VPSLLD(U8(23), a.Bank(3), a.Bank(3)) },    // s1 = 2^n1
		func(o O, a A) { o.Mul(a.Bank(3), a.Bank(1), a.Bank(1)) },  // p *= s1
		func(o O, a A) { VPADDD(c["bias"], a.Bank(2), a.Bank(2)) }, // n2 + 127
		func(o O, a A) { VPSLLD(U8(23), a.Bank(2), a.Bank(2)) },    // s2 = 2^n2
		func(o O, a A) { o.Mul(a.Bank(2), a.Bank(1), a.Bank(1)) },  // p *= s2: e^v
	)
	// nan puts x itself, read again, on the NaN lanes of the result in
	// bank 1 and stores it.
	nan := []S{
		func(o O, a A) { o.Cmp(U8(unordQ), a.Bank(0), a.Bank(0), a.Bank(2)) },  // m = x is NaN
		func(o O, a A) { o.Blend(a.Bank(2), a.Bank(0), a.Bank(1), a.Bank(1)) }, // m ? x : result
		loop.StoreStep(1),
	}
	cat := func(parts ...[]S) []S {
		var s []S
		for _, p := range parts {
			s = append(s, p...)
		}
		return s
	}
	exp := cat([]S{x,
		func(o O, a A) { o.Min(c["hi"], a.Bank(0), a.Bank(0)) }, // v = x < hi ? x : hi
		func(o O, a A) { o.Max(c["lo"], a.Bank(0), a.Bank(0)) }, // v = v > lo ? v : lo
	}, core, []S{x}, nan)
	sigmoid := cat([]S{x,
		func(o O, a A) { o.Or(c["sign"], a.Bank(0), a.Bank(0)) }, // v = -|x|
		func(o O, a A) { o.Max(c["lo"], a.Bank(0), a.Bank(0)) },  // v = v > lo ? v : lo
	}, core, []S{
		func(o O, a A) { o.Add(c["one"], a.Bank(1), a.Bank(3)) }, // q = e + 1
		x,
		func(o O, a A) { o.Xor(c["sign"], a.Bank(0), a.Bank(2)) },             // m = x ^ signbit: sign set when x >= +0
		func(o O, a A) { o.Blend(a.Bank(2), c["one"], a.Bank(1), a.Bank(1)) }, // num = m ? 1 : e
		func(o O, a A) { o.Div(a.Bank(3), a.Bank(1), a.Bank(1)) },             // num / q
	}, nan)
	loop.Gen(loop.Float32, loop.Kernel{Name: "exp32AVX2", Doc: "d[i] = e^x[i], bit for bit as exp32Go", In: []string{"x"}, Steps: exp})
	loop.Gen(loop.Float32, loop.Kernel{Name: "sigmoid32AVX2", Doc: "d[i] = 1/(1 + e^-x[i]), bit for bit as sigmoid32Go", In: []string{"x"}, Steps: sigmoid})
	Generate()
}
