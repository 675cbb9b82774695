// Command actgrad writes ../actgrad_amd64.s, the AVX2 activation gradients
// of package kernels (actgrad.go there has the pure-Go references
// sigmoidGrad32Go, tanhGrad32Go and their float64 twins, which these
// reproduce bit for bit; actgrad_amd64.go the declarations), with avo.
// From internal/kernels:
//
//	go generate        (runs: go run -C asm ./actgrad -out ../actgrad_amd64.s)
//
// The loop shape is package loop's. Bit-identical to the Go references: the
// same operations in the same order with plain VSUB/VMUL (never FMA), each
// rounded to the element type, y in bank 0 (then dy), t in bank 1, 1.0 in
// Y8:
//
//	sigmoid: t = 1 - y; t = y * t; d = t * dy    (d = dy * (y * (1 - y)))
//	tanh:    t = y * y; t = 1 - t; d = t * dy    (d = dy * (1 - y*y))
//
// "VOP src2, src1, dst" means dst = src1 OP src2. When both operands of an
// x86 multiply are NaN, the first one's payload survives; the Go compiler
// computes dy[i] * t as MULSS dy, t (t, just computed in a register, is the
// first operand), so the last multiply here takes t first too, and a NaN y
// meeting a NaN dy gives y's payload in both (the tests check it).
//
// The output is the hand-written file it replaced, instruction for
// instruction.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/chainrule/chainrule/internal/kernels/asm/loop"
)

func main() {
	// 1.0 repeated over 32 bytes, for use as a YMM memory operand.
	ones := map[string]Mem{}
	for _, c := range []struct {
		suffix string
		bits   uint64
	}{{"32", 0x3f8000003f800000}, {"64", 0x3ff0000000000000}} {
		ones[c.suffix] = GLOBL("actgradOne"+c.suffix, RODATA|NOPTR)
		for i := 0; i < 4; i++ {
			DATA(8*i, U64(c.bits))
		}
	}
	var (
		y     = loop.LoadStep(0, RSI)
		tdy   = []loop.Step{loop.LoadStep(0, RDX), func(o loop.Ops, a loop.At) { o.Mul(a.Bank(0), a.Bank(1), a.Bank(0)) }, loop.StoreStep(0)}
		kinds = []struct {
			name, doc string
			t         []loop.Step
		}{
			{"sigmoidGrad", "d[i] = dy[i] * (y[i] * (1 - y[i]))", []loop.Step{
				func(o loop.Ops, a loop.At) { o.Sub(a.Bank(0), a.Reg(8), a.Bank(1)) },  // t = 1 - y
				func(o loop.Ops, a loop.At) { o.Mul(a.Bank(1), a.Bank(0), a.Bank(1)) }, // t = y * t
			}},
			{"tanhGrad", "d[i] = dy[i] * (1 - y[i]*y[i])", []loop.Step{
				func(o loop.Ops, a loop.At) { o.Mul(a.Bank(0), a.Bank(0), a.Bank(1)) }, // t = y * y
				func(o loop.Ops, a loop.At) { o.Sub(a.Bank(1), a.Reg(8), a.Bank(1)) },  // t = 1 - t
			}},
		}
	)
	for _, k := range kinds {
		for _, e := range []loop.Elem{loop.Float32, loop.Float64} {
			steps := append(append([]loop.Step{y}, k.t...), tdy...)
			one := ones[e.Suffix]
			loop.Gen(e, loop.Kernel{Name: k.name + e.Suffix + "AVX2", Doc: k.doc, In: []string{"y", "dy"}, Steps: steps,
				Setup: func(e loop.Elem) { e.Vec.Mov(one, Y8) }})
		}
	}
	Generate()
}
