// Package loop is the one loop shape of chainrule's AVX2 elementwise
// kernels, for the avo generators beside it (simd, actgrad): a main loop of
// 4 unrolled 256-bit vectors (32 float32 or 16 float64 per iteration), then
// single vectors, then a scalar loop on the low lane for the last few
// elements, so no load or store ever touches memory past len(d). A kernel
// is a list of steps; each step runs for the 4 registers of the unrolled
// loop before the next, so that the loads are grouped, then the
// arithmetic, then the stores, and all loads of a vector happen before its
// store (d may alias an input exactly, in place).
//
// Registers are physical, not allocated by avo: d in DI, the first input in
// SI, the second in DX, CX = len(d), AX the index, BX the end of the
// current loop. The vector registers form 4 banks, Y0–Y3, Y4–Y7, Y8–Y11
// and Y12–Y15: the r-th vector of the unrolled loop works in the r-th
// register of the banks it uses (the single-vector and scalar loops in the
// first: Y0, Y4, … and X0, X4, …), and a kernel may keep constants in the
// banks it does not use.
//
// KLoop is the k loop the GEMM and GEMV generators (gemm, gemm512, gemv)
// share.
package loop

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Ops are the instructions of one element type in one form: packed on YMM
// registers, or scalar on the low lane of XMM registers (the bitwise ones
// and Blend stay packed there: they have no scalar form).
type Ops struct {
	Mov, Add, Sub, Mul, Div, Max, Min, And, Or, Xor, Cmp func(...Op)
	Blend                                                func(mask, b, a, dst Op) // dst = mask's sign bit ? b : a
}

// Elem is one element type: its width and its instructions.
type Elem struct {
	Name, Suffix string // "float32", "32"
	Size         uint8  // bytes
	Lanes        int    // per YMM register
	Vec, Scalar  Ops
}

// Float32 and Float64 are the two element types.
var (
	Float32 = Elem{Name: "float32", Suffix: "32", Size: 4, Lanes: 8,
		Vec: Ops{Mov: VMOVUPS, Add: VADDPS, Sub: VSUBPS, Mul: VMULPS, Div: VDIVPS, Max: VMAXPS, Min: VMINPS,
			And: VANDPS, Or: VORPS, Xor: VXORPS, Cmp: VCMPPS, Blend: VBLENDVPS},
		Scalar: Ops{Mov: VMOVSS, Add: VADDSS, Sub: VSUBSS, Mul: VMULSS, Div: VDIVSS, Max: VMAXSS, Min: VMINSS,
			And: VANDPS, Or: VORPS, Xor: VXORPS, Cmp: VCMPSS, Blend: VBLENDVPS}}
	Float64 = Elem{Name: "float64", Suffix: "64", Size: 8, Lanes: 4,
		Vec: Ops{Mov: VMOVUPD, Add: VADDPD, Sub: VSUBPD, Mul: VMULPD, Div: VDIVPD, Max: VMAXPD, Min: VMINPD,
			And: VANDPD, Or: VORPD, Xor: VXORPD, Cmp: VCMPPD, Blend: VBLENDVPD},
		Scalar: Ops{Mov: VMOVSD, Add: VADDSD, Sub: VSUBSD, Mul: VMULSD, Div: VDIVSD, Max: VMAXSD, Min: VMINSD,
			And: VANDPD, Or: VORPD, Xor: VXORPD, Cmp: VCMPSD, Blend: VBLENDVPD}}
)

// At is where a step is: the r-th vector of an iteration (or the scalar
// element), in packed or scalar form.
type At struct {
	r      int
	scalar bool
	size   uint8
}

// Reg is register n: Yn in the vector loops, Xn in the scalar loop.
func (a At) Reg(n int) VecPhysical {
	if a.scalar {
		return []VecPhysical{X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13, X14, X15}[n]
	}
	return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}[n]
}

// Bank is the work register of bank b (0 to 3) for this vector.
func (a At) Bank(b int) VecPhysical { return a.Reg(4*b + a.r) }

// Mem addresses this vector (or element) of the slice whose base is in
// base.
func (a At) Mem(base Register) Mem {
	return Mem{Base: base, Index: RAX, Scale: a.size, Disp: 32 * a.r}
}

// Step is one phase of a kernel, given the instructions of the form being
// generated and where it is.
type Step func(o Ops, a At)

// Kernel describes one kernel.
type Kernel struct {
	Name   string   // the Go function, e.g. "relu32AVX2"
	Doc    string   // a comment line at the top of the body
	In     []string // the inputs after d, loaded into SI, then DX
	Setup  func(e Elem)
	Steps  []Step
	Scalar []Step // the scalar loop's steps; nil: Steps in scalar form
}

// Gen emits k for element type e.
func Gen(e Elem, k Kernel) {
	sig := "func(d"
	for _, p := range k.In {
		sig += ", " + p
	}
	TEXT(k.Name, NOSPLIT, sig+" []"+e.Name+")")
	Comment(k.Doc + ", on len(d) elements; the Go wrapper has checked the input lengths.")
	Load(Param("d").Base(), RDI)
	Load(Param("d").Len(), RCX)
	for i, p := range k.In {
		Load(Param(p).Base(), []Register{RSI, RDX}[i])
	}
	if k.Setup != nil {
		k.Setup(e)
	}
	n := 4 * e.Lanes
	XORQ(RAX, RAX)
	MOVQ(RCX, RBX)
	ANDQ(I8(-n), RBX)
	JZ(LabelRef("vec"))

	Label("loop")
	Commentf("4 vectors of %d: %d elements per iteration", e.Lanes, n)
	for _, s := range k.Steps {
		for r := 0; r < 4; r++ {
			s(e.Vec, At{r: r, size: e.Size})
		}
	}
	ADDQ(U8(n), RAX)
	CMPQ(RAX, RBX)
	JLT(LabelRef("loop"))

	Label("vec")
	Commentf("single vectors of %d", e.Lanes)
	MOVQ(RCX, RBX)
	ANDQ(I8(-e.Lanes), RBX)
	CMPQ(RAX, RBX)
	JGE(LabelRef("scalar"))

	Label("vecloop")
	for _, s := range k.Steps {
		s(e.Vec, At{size: e.Size})
	}
	ADDQ(U8(e.Lanes), RAX)
	CMPQ(RAX, RBX)
	JLT(LabelRef("vecloop"))

	Label("scalar")
	Commentf("the last < %d elements, one at a time, in the low lane", e.Lanes)
	CMPQ(RAX, RCX)
	JGE(LabelRef("done"))

	Label("scalarloop")
	scalar := k.Scalar
	if scalar == nil {
		scalar = k.Steps
	}
	for _, s := range scalar {
		s(e.Scalar, At{scalar: true, size: e.Size})
	}
	INCQ(RAX)
	CMPQ(RAX, RCX)
	JLT(LabelRef("scalarloop"))

	Label("done")
	VZEROUPPER()
	RET()
}

// LoadStep is the step bank b ← base[i].
func LoadStep(b int, base Register) Step {
	return func(o Ops, a At) { o.Mov(a.Mem(base), a.Bank(b)) }
}

// StoreStep is the step d[i] ← bank b.
func StoreStep(b int) Step {
	return func(o Ops, a At) { o.Mov(a.Bank(b), a.Mem(RDI)) }
}

// KLoop emits the k loop of the GEMM and GEMV micro-kernels (gemm,
// gemm512, gemv): with k in CX, BX = k/4 passes of label "loop4", each
// step(0) … step(3), then CX = k%4 passes of "loop1", each step(0); it
// ends with a jump to, or a fall through to, label "store", which the
// caller places next. Each step is one p, so every accumulator is one chain
// over p ascending whatever the unrolling.
func KLoop(step func(u int)) {
	MOVQ(RCX, RBX)
	SHRQ(U8(2), RBX)
	ANDQ(U8(3), RCX)
	TESTQ(RBX, RBX)
	JZ(LabelRef("tail"))
	Label("loop4")
	for u := 0; u < 4; u++ {
		step(u)
	}
	DECQ(RBX)
	JNZ(LabelRef("loop4"))

	Label("tail")
	TESTQ(RCX, RCX)
	JZ(LabelRef("store"))
	Label("loop1")
	step(0)
	DECQ(RCX)
	JNZ(LabelRef("loop1"))
}
