// Command simd writes ../simd_amd64.s, the AVX2 elementwise kernels of
// package kernels (simd.go there gives their semantics, simd_amd64.go their
// Go declarations), with avo. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./simd -out ../simd_amd64.s)
//
// Each kernel is its steps in the loop shape of package loop. Only plain
// IEEE add/sub/mul (never FMA), max and compare are used, and every lane is
// rounded exactly as Go's scalar float32/float64 arithmetic is, so the
// results are bit-identical to the pure-Go kernels in simd.go.
//
// Operand order is Go's: the last operand is the destination and, for
// three-operand VEX instructions, "VOP src2, src1, dst" means
// dst = src1 OP src2. ReLU uses VMAXPS/VMAXPD x, 0 (VMAXPS Y7, Y0, Y0 with
// Y7 = +0), whose result is "x > 0 ? x : second operand": a NaN or -0 in x
// gives the +0 from the second operand, exactly the semantics of relu32Go.
// The ReLU gradient builds its mask with VCMPPS predicate 0x11 (LT_OQ,
// ordered, non-signalling) as 0 < x, i.e. x > 0 and false for NaN, and ANDs
// it with dy.
//
// The output is the hand-written file it replaced, instruction for
// instruction: the machine code of all 14 kernels is byte-identical.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/chainrule/chainrule/internal/kernels/asm/loop"
)

const ltOQ = 0x11 // VCMPPS predicate: ordered less-than, non-signalling

// kernel is one kernel for both element types.
type kernel struct {
	name, doc string
	in        []string
	zero      bool // Y7 = +0
	steps     []loop.Step
	scalar    []loop.Step
}

var (
	x0, x1 = loop.LoadStep(0, RSI), loop.StoreStep(0)
	relu   = func(o loop.Ops, a loop.At) { o.Max(a.Reg(7), a.Bank(0), a.Bank(0)) }
)

// binary is d = a op b.
func binary(name, sym string, op func(o loop.Ops) func(...Op)) kernel {
	return kernel{name: name, doc: "d[i] = a[i] " + sym + " b[i]", in: []string{"a", "b"},
		steps: []loop.Step{x0, func(o loop.Ops, a loop.At) { op(o)(a.Mem(RDX), a.Bank(0), a.Bank(0)) }, x1}}
}

var kernels = []kernel{
	{name: "relu", doc: "d[i] = x[i] if x[i] > 0, else +0 (NaN and -0 give +0)", in: []string{"x"}, zero: true,
		steps: []loop.Step{x0, relu, x1}},
	{name: "reluGrad", doc: "d[i] = dy[i] if x[i] > 0, else +0", in: []string{"x", "dy"}, zero: true,
		steps: []loop.Step{
			func(o loop.Ops, a loop.At) { o.Cmp(U8(ltOQ), a.Mem(RSI), a.Reg(7), a.Bank(0)) },
			func(o loop.Ops, a loop.At) { o.And(a.Mem(RDX), a.Bank(0), a.Bank(0)) },
			x1},
		// The scalar AND is packed: dy's element is loaded first, not read
		// as a 16-byte memory operand.
		scalar: []loop.Step{func(o loop.Ops, a loop.At) {
			o.Cmp(U8(ltOQ), a.Mem(RSI), X7, X0)
			o.Mov(a.Mem(RDX), X1)
			o.And(X1, X0, X0)
		}, x1}},
	binary("add", "+", func(o loop.Ops) func(...Op) { return o.Add }),
	binary("sub", "-", func(o loop.Ops) func(...Op) { return o.Sub }),
	binary("mul", "*", func(o loop.Ops) func(...Op) { return o.Mul }),
	{name: "addReLU", doc: "d[i] = relu(a[i] + b[i]), the sum rounded first", in: []string{"a", "b"}, zero: true,
		steps: []loop.Step{x0, func(o loop.Ops, a loop.At) {
			o.Add(a.Mem(RDX), a.Bank(0), a.Bank(0))
			relu(o, a)
		}, x1}},
	{name: "accum", doc: "d[i] += x[i]", in: []string{"x"},
		steps: []loop.Step{loop.LoadStep(0, RDI), func(o loop.Ops, a loop.At) { o.Add(a.Mem(RSI), a.Bank(0), a.Bank(0)) }, x1}},
}

func main() {
	for _, e := range []loop.Elem{loop.Float32, loop.Float64} {
		for _, k := range kernels {
			loop.Gen(e, loop.Kernel{Name: k.name + e.Suffix + "AVX2", Doc: k.doc, In: k.in, Steps: k.steps, Scalar: k.scalar,
				Setup: func(e loop.Elem) {
					if k.zero {
						e.Vec.Xor(Y7, Y7, Y7)
					}
				}})
		}
	}
	Generate()
}
