// Command maxpool2 writes ../maxpool2_amd64.s, the float32 2×2 max pooling
// with stride 2 of package kernels (AVX2) and its gradient, with avo.
// maxpool2.go there has the Go wrappers and the pure-Go loops that define
// them. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./maxpool2 -out ../maxpool2_amd64.s)
//
// Both walk rows output rows of groups groups of four windows: a group is
// 8 elements of two input rows w elements apart (lanes 2j and 2j+1 of row
// 0 are window j's a and b, those of row 1 its c and e), and the next
// output row's input starts 2w elements on. In a group the window maxima m
// are max(max(a, c), max(b, e)) by VMAXPS, exact but for the sign of a
// zero; both kernels then use only comparisons with m, under which −0 and
// +0 are equal:
//
//   - maxPool2F32AVX2 writes each window's maximum with Go's max semantics
//     (+0 wins over −0): m with the sign bits cleared that any element equal
//     to m has clear, which changes only a zero;
//   - maxPoolScatter2F32AVX2 writes, at the first of a, b, c, e equal to m
//     (the first maximum, row-major), 0 + dy (so −0 turns +0, as in Go's
//     loop) and 0 at the other three.
//
// A group holding a NaN stops the kernel before its row is finished: it
// returns the number of rows done, and the caller computes that row in Go
// and calls again for the rest.
//
// Registers: AX rows done, BX rows, R10 groups, R11 w in bytes, SI the
// input row pair, R8 and R9 its cursors, DI the output (y or dy) cursor,
// DX the gradient's row pair and R12, R13 its cursors, CX groups left;
// Y15 the compression index, Y14 the duplication index, Y13 the odd lanes,
// Y12 zero.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	tab := GLOBL("maxpool2c", RODATA|NOPTR)
	for i, v := range []uint32{0, 2, 4, 6, 0, 0, 0, 0} { // compression: lanes 0, 2, 4, 6
		DATA(4*i, U32(v))
	}
	for i, v := range []uint32{0, 0, 1, 1, 2, 2, 3, 3} { // duplication
		DATA(32+4*i, U32(v))
	}
	for i := 0; i < 8; i++ { // odd lanes
		DATA(64+4*i, U32(uint32(-(i & 1))))
	}
	kernel("maxPool2F32AVX2", "func(y, x []float32, rows, groups, w int) int", tab, false)
	kernel("maxPoolScatter2F32AVX2", "func(dx, x, dy []float32, rows, groups, w int) int", tab, true)
	Generate()
}

func kernel(name, sig string, tab Mem, scatter bool) {
	TEXT(name, NOSPLIT, sig)
	l := func(s string) string { return name + "_" + s }
	Load(Param("x").Base(), RSI)
	if scatter {
		Load(Param("dy").Base(), RDI)
		Load(Param("dx").Base(), RDX)
	} else {
		Load(Param("y").Base(), RDI)
	}
	Load(Param("rows"), RBX)
	Load(Param("groups"), R10)
	Load(Param("w"), R11)
	SHLQ(U8(2), R11)
	VMOVDQU(tab, Y15)
	VMOVDQU(tab.Offset(32), Y14)
	VMOVDQU(tab.Offset(64), Y13)
	VXORPS(Y12, Y12, Y12)
	XORQ(RAX, RAX)

	Label(l("row"))
	CMPQ(RAX, RBX)
	JGE(LabelRef(l("done")))
	MOVQ(RSI, R8)
	LEAQ(Mem{Base: RSI, Index: R11, Scale: 1}, R9)
	if scatter {
		MOVQ(RDX, R12)
		LEAQ(Mem{Base: RDX, Index: R11, Scale: 1}, R13)
	}
	MOVQ(R10, RCX)

	Label(l("group"))
	VMOVUPS(Mem{Base: R8}, Y0)
	VMOVUPS(Mem{Base: R9}, Y1)
	VCMPPS(U8(3), Y0, Y0, Y2) // unordered: NaN
	VCMPPS(U8(3), Y1, Y1, Y3)
	VORPS(Y3, Y2, Y2)
	VPTEST(Y2, Y2)
	JNZ(LabelRef(l("done")))
	VMAXPS(Y1, Y0, Y2)
	VPERMILPS(U8(0xb1), Y2, Y3) // swap the lanes of each pair
	VMAXPS(Y3, Y2, Y2)          // m, in both lanes of each window
	VCMPPS(U8(0), Y2, Y0, Y4)   // eq0 = a, b == m
	VCMPPS(U8(0), Y2, Y1, Y5)   // eq1 = c, e == m
	if !scatter {
		VANDNPS(Y4, Y0, Y4) // sign bits clear in an element equal to m
		VANDNPS(Y5, Y1, Y5)
		VORPS(Y5, Y4, Y4)
		VPERMILPS(U8(0xb1), Y4, Y5)
		VORPS(Y5, Y4, Y4)
		VANDNPS(Y2, Y4, Y2) // m with those bits cleared
		VPERMPS(Y2, Y15, Y2)
		VMOVUPS(X2, Mem{Base: RDI})
	} else {
		VPERMILPS(U8(0xb1), Y4, Y6) // the pair's other lane
		VORPS(Y6, Y4, Y7)           // a or b is the maximum
		VANDPS(Y13, Y6, Y6)
		VANDNPS(Y4, Y6, Y4) // row 0: a, or b when a is not
		VPERMILPS(U8(0xb1), Y5, Y6)
		VANDPS(Y13, Y6, Y6)
		VANDNPS(Y5, Y6, Y5)
		VANDNPS(Y5, Y7, Y5) // row 1: c, or e, when neither a nor b is
		VMOVUPS(Mem{Base: RDI}, X8)
		VPERMPS(Y8, Y14, Y8) // dy of each window in both its lanes
		VANDPS(Y8, Y4, Y4)
		VANDPS(Y8, Y5, Y5)
		VADDPS(Y12, Y4, Y4) // 0 + dy: −0 turns +0
		VADDPS(Y12, Y5, Y5)
		VMOVUPS(Y4, Mem{Base: R12})
		VMOVUPS(Y5, Mem{Base: R13})
		ADDQ(U8(32), R12)
		ADDQ(U8(32), R13)
	}
	ADDQ(U8(32), R8)
	ADDQ(U8(32), R9)
	ADDQ(U8(16), RDI)
	DECQ(RCX)
	JNZ(LabelRef(l("group")))

	LEAQ(Mem{Base: RSI, Index: R11, Scale: 2}, RSI)
	if scatter {
		LEAQ(Mem{Base: RDX, Index: R11, Scale: 2}, RDX)
	}
	INCQ(RAX)
	JMP(LabelRef(l("row")))

	Label(l("done"))
	Store(RAX, ReturnIndex(0))
	VZEROUPPER()
	RET()
}
