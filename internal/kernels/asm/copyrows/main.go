// Command copyrows writes ../copyrows_amd64.s, the strided block copy of
// package kernels (AVX2), with avo. copyrows.go there has the Go wrapper and
// the pure-Go loop that defines it. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./copyrows -out ../copyrows_amd64.s)
//
// copyRowsAVX2 copies rows rows of nb bytes (nb a multiple of 4) from src
// (rows ls bytes apart) to dst (rows ld bytes apart): per row 32-byte
// VMOVDQU blocks, then one 16-, 8- and 4-byte move as needed. Bytes are
// moved, never arithmetic, so the copy is exact for any element type.
//
// Registers: SI, DI row starts, R10, R11 their strides, BX rows left, DX nb;
// per row R8, R9 the cursors and CX the bytes left.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	TEXT("copyRowsAVX2", NOSPLIT, "func(dst []byte, ld int, src []byte, ls int, rows, nb int)")
	Load(Param("dst").Base(), RDI)
	Load(Param("ld"), R11)
	Load(Param("src").Base(), RSI)
	Load(Param("ls"), R10)
	Load(Param("rows"), RBX)
	Load(Param("nb"), RDX)
	TESTQ(RBX, RBX)
	JZ(LabelRef("done"))

	Label("row")
	MOVQ(RSI, R8)
	MOVQ(RDI, R9)
	MOVQ(RDX, RCX)
	Label("blk32")
	CMPQ(RCX, U8(32))
	JLT(LabelRef("blk16"))
	VMOVDQU(Mem{Base: R8}, Y0)
	VMOVDQU(Y0, Mem{Base: R9})
	ADDQ(U8(32), R8)
	ADDQ(U8(32), R9)
	SUBQ(U8(32), RCX)
	JMP(LabelRef("blk32"))

	Label("blk16")
	CMPQ(RCX, U8(16))
	JLT(LabelRef("blk8"))
	VMOVDQU(Mem{Base: R8}, X0)
	VMOVDQU(X0, Mem{Base: R9})
	ADDQ(U8(16), R8)
	ADDQ(U8(16), R9)
	SUBQ(U8(16), RCX)
	Label("blk8")
	CMPQ(RCX, U8(8))
	JLT(LabelRef("blk4"))
	MOVQ(Mem{Base: R8}, RAX)
	MOVQ(RAX, Mem{Base: R9})
	ADDQ(U8(8), R8)
	ADDQ(U8(8), R9)
	SUBQ(U8(8), RCX)
	Label("blk4")
	CMPQ(RCX, U8(4))
	JLT(LabelRef("next"))
	MOVL(Mem{Base: R8}, EAX)
	MOVL(EAX, Mem{Base: R9})

	Label("next")
	ADDQ(R10, RSI)
	ADDQ(R11, RDI)
	DECQ(RBX)
	JNZ(LabelRef("row"))

	Label("done")
	VZEROUPPER()
	RET()
	Generate()
}
