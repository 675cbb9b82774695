// Command simd writes ../simd_amd64.s, the AVX2 elementwise kernels of
// package kernels (simd.go there gives their semantics, simd_amd64.go their
// Go declarations), with avo. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./simd -out ../simd_amd64.s)
//
// Every kernel has the same shape, written once in gen: a main loop of 4
// unrolled 256-bit vectors (32 float32 or 16 float64 per iteration), then
// single vectors, then a scalar loop for the last few elements, so no load
// or store ever touches memory past len(d). All loads of a vector happen
// before its store, so d may alias an input exactly (in place). Only plain
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
// Registers are physical, not allocated by avo: d in DI, the first input in
// SI, the second in DX, CX = len(d), AX the index, BX the end of the current
// loop, Y7 (X7) = +0, Y0–Y3 (X0, X1) the work registers. The output is the
// hand-written file it replaced, instruction for instruction (the machine
// code of all 14 kernels is byte-identical).
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// elem is one element type: its width and its instructions.
type elem struct {
	name, suffix             string // "float32", "32"
	size                     uint8  // bytes
	lanes                    int    // per YMM register
	movu, max, and, xor, cmp func(...Op)
	add, sub, mul            func(...Op)
	movs, maxs, cmps         func(...Op) // scalar forms
	adds, subs, muls         func(...Op)
}

var elems = []elem{
	{name: "float32", suffix: "32", size: 4, lanes: 8,
		movu: VMOVUPS, max: VMAXPS, and: VANDPS, xor: VXORPS, cmp: VCMPPS, add: VADDPS, sub: VSUBPS, mul: VMULPS,
		movs: VMOVSS, maxs: VMAXSS, cmps: VCMPSS, adds: VADDSS, subs: VSUBSS, muls: VMULSS},
	{name: "float64", suffix: "64", size: 8, lanes: 4,
		movu: VMOVUPD, max: VMAXPD, and: VANDPD, xor: VXORPD, cmp: VCMPPD, add: VADDPD, sub: VSUBPD, mul: VMULPD,
		movs: VMOVSD, maxs: VMAXSD, cmps: VCMPSD, adds: VADDSD, subs: VSUBSD, muls: VMULSD},
}

const ltOQ = 0x11 // VCMPPS predicate: ordered less-than, non-signalling

// step is one phase of a vector kernel for work register y, the r-th
// vector of an iteration; at(base, r) addresses that vector in a slice.
// A kernel's steps run in turn, each for all 4 registers of the unrolled
// loop before the next, so that loads are grouped, then arithmetic, then
// stores.
type step func(e elem, y VecPhysical, at func(base Register) Mem)

// kernel is one elementwise kernel.
type kernel struct {
	name, doc string
	in        []string // inputs after d, in SI then DX
	zero      bool     // sets Y7 = +0 first
	steps     []step
	scalar    func(e elem, at func(base Register) Mem) // one element in X0
}

func load(base Register) step {
	return func(e elem, y VecPhysical, at func(Register) Mem) { e.movu(at(base), y) }
}

func store(e elem, y VecPhysical, at func(Register) Mem) { e.movu(y, at(RDI)) }

// binary is d = a op b.
func binary(name, sym string, op, ops func(elem) func(...Op)) kernel {
	return kernel{name: name, doc: "d[i] = a[i] " + sym + " b[i]", in: []string{"a", "b"},
		steps: []step{load(RSI), func(e elem, y VecPhysical, at func(Register) Mem) { op(e)(at(RDX), y, y) }, store},
		scalar: func(e elem, at func(Register) Mem) {
			e.movs(at(RSI), X0)
			ops(e)(at(RDX), X0, X0)
			e.movs(X0, at(RDI))
		}}
}

var kernels = []kernel{
	{name: "relu", doc: "d[i] = x[i] if x[i] > 0, else +0 (NaN and -0 give +0)", in: []string{"x"}, zero: true,
		steps: []step{load(RSI), func(e elem, y VecPhysical, _ func(Register) Mem) { e.max(Y7, y, y) }, store},
		scalar: func(e elem, at func(Register) Mem) {
			e.movs(at(RSI), X0)
			e.maxs(X7, X0, X0)
			e.movs(X0, at(RDI))
		}},
	{name: "reluGrad", doc: "d[i] = dy[i] if x[i] > 0, else +0", in: []string{"x", "dy"}, zero: true,
		steps: []step{
			func(e elem, y VecPhysical, at func(Register) Mem) { e.cmp(U8(ltOQ), at(RSI), Y7, y) },
			func(e elem, y VecPhysical, at func(Register) Mem) { e.and(at(RDX), y, y) },
			store},
		scalar: func(e elem, at func(Register) Mem) {
			e.cmps(U8(ltOQ), at(RSI), X7, X0)
			e.movs(at(RDX), X1)
			e.and(X1, X0, X0)
			e.movs(X0, at(RDI))
		}},
	binary("add", "+", func(e elem) func(...Op) { return e.add }, func(e elem) func(...Op) { return e.adds }),
	binary("sub", "-", func(e elem) func(...Op) { return e.sub }, func(e elem) func(...Op) { return e.subs }),
	binary("mul", "*", func(e elem) func(...Op) { return e.mul }, func(e elem) func(...Op) { return e.muls }),
	{name: "addReLU", doc: "d[i] = relu(a[i] + b[i]), the sum rounded first", in: []string{"a", "b"}, zero: true,
		steps: []step{load(RSI), func(e elem, y VecPhysical, at func(Register) Mem) {
			e.add(at(RDX), y, y)
			e.max(Y7, y, y)
		}, store},
		scalar: func(e elem, at func(Register) Mem) {
			e.movs(at(RSI), X0)
			e.adds(at(RDX), X0, X0)
			e.maxs(X7, X0, X0)
			e.movs(X0, at(RDI))
		}},
	{name: "accum", doc: "d[i] += x[i]", in: []string{"x"},
		steps: []step{load(RDI), func(e elem, y VecPhysical, at func(Register) Mem) { e.add(at(RSI), y, y) }, store},
		scalar: func(e elem, at func(Register) Mem) {
			e.movs(at(RDI), X0)
			e.adds(at(RSI), X0, X0)
			e.movs(X0, at(RDI))
		}},
}

func main() {
	for _, e := range elems {
		for _, k := range kernels {
			gen(e, k)
		}
	}
	Generate()
}

// gen emits kernel k for element type e.
func gen(e elem, k kernel) {
	name := k.name + e.suffix + "AVX2"
	sig := "func(d"
	for _, p := range k.in {
		sig += ", " + p
	}
	TEXT(name, NOSPLIT, sig+" []"+e.name+")")
	Comment(k.doc + ", on len(d) elements; the Go wrapper has checked the input lengths.")
	Load(Param("d").Base(), RDI)
	Load(Param("d").Len(), RCX)
	for i, p := range k.in {
		Load(Param(p).Base(), []Register{RSI, RDX}[i])
	}
	if k.zero {
		e.xor(Y7, Y7, Y7)
	}
	n := 4 * e.lanes
	at := func(r int) func(Register) Mem {
		return func(base Register) Mem { return Mem{Base: base, Index: RAX, Scale: e.size, Disp: 32 * r} }
	}
	XORQ(RAX, RAX)
	MOVQ(RCX, RBX)
	ANDQ(I8(-n), RBX)
	JZ(LabelRef("vec"))

	Label("loop")
	Commentf("4 vectors of %d: %d elements per iteration", e.lanes, n)
	for _, s := range k.steps {
		for r, y := range []VecPhysical{Y0, Y1, Y2, Y3} {
			s(e, y, at(r))
		}
	}
	ADDQ(U8(n), RAX)
	CMPQ(RAX, RBX)
	JLT(LabelRef("loop"))

	Label("vec")
	Commentf("single vectors of %d", e.lanes)
	MOVQ(RCX, RBX)
	ANDQ(I8(-e.lanes), RBX)
	CMPQ(RAX, RBX)
	JGE(LabelRef("scalar"))

	Label("vecloop")
	for _, s := range k.steps {
		s(e, Y0, at(0))
	}
	ADDQ(U8(e.lanes), RAX)
	CMPQ(RAX, RBX)
	JLT(LabelRef("vecloop"))

	Label("scalar")
	Commentf("the last < %d elements, one at a time", e.lanes)
	CMPQ(RAX, RCX)
	JGE(LabelRef("done"))

	Label("scalarloop")
	k.scalar(e, at(0))
	INCQ(RAX)
	CMPQ(RAX, RCX)
	JLT(LabelRef("scalarloop"))

	Label("done")
	VZEROUPPER()
	RET()
}
