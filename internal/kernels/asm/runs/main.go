// Command runs writes ../runs_amd64.s, the strided run copies and additions
// of package kernels (AVX2) that im2col, its transpose and col2im are made
// of, with avo. runs.go there has the Go wrappers and the pure-Go loops
// that define them. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./runs -out ../runs_amd64.s)
//
// Each kernel walks a nest of four loops, counts geo[0..3] (outer to inner)
// and byte strides geo[4..7], over a strided operand; at every point of the
// nest it handles one run of geo[8] 32-byte blocks and then geo[9] bytes (0 to
// 28, a multiple of 4) under a VMASKMOVPS mask (copy stores a tail whole
// where the next run overwrites the rest), against a contiguous operand
// that advances run after run, and by geo[10] bytes more after each
// iteration of the second loop (a gap left at the end of each row of the
// transposed im2col's padded matrix):
//
//   - gatherRunsAVX2 copies the strided runs of src into dst, one after
//     another (bytes are moved, never arithmetic: exact for any element
//     type);
//   - scatterAddRuns32AVX2 and scatterAddRuns64AVX2 add the runs of src,
//     one after another, into the strided runs of dst: each element is
//     dst plus src, one IEEE addition with dst as the first operand, in
//     the nest's order, as the Go loop's dst[q] += src[q] computes it.
//
// Every count must be positive. Registers: R12 geo; AX, BX, CX, DX the
// counters of the four loops, SI, R9, R10, R11 their strided starts, R8
// the strided cursor of a run, DI the contiguous cursor, R13 the blocks
// left in a run, Y15 the tail's mask.
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// tailMask is 8 lanes of all ones and 8 of zeros: the 32 bytes at
// tailMask+32−t are the mask of a t-byte tail.
var tailMask Mem

func main() {
	tailMask = GLOBL("runsTailMask", RODATA|NOPTR)
	for i := 0; i < 8; i++ {
		DATA(4*i, U32(0xffffffff))
	}
	for i := 8; i < 16; i++ {
		DATA(4*i, U32(0))
	}
	runs("gatherRunsAVX2", "copy")
	runs("scatterAddRuns32AVX2", "add32")
	runs("scatterAddRuns64AVX2", "add64")
	Generate()
}

// runs emits one kernel; op is copy, add32 or add64. The nest is emitted
// three times, for runs of one whole block (LeNet conv2's im2col and
// col2im, 8 float32), runs shorter than a block (the transposed im2col's
// runs of kw elements) and any other, so that the two common cases have
// no branch in a run; copy has a fourth, for runs shorter than a block
// but of 16 bytes or more, whose tails are stored whole but at the end of
// a row (over).
func runs(name, op string) {
	TEXT(name, NOSPLIT, "func(dst, src []byte, geo *[11]int)")
	strided, contig := "src", "dst"
	if op != "copy" {
		strided, contig = "dst", "src"
	}
	Load(Param(strided).Base(), RSI)
	Load(Param(contig).Base(), RDI)
	Load(Param("geo"), R12)
	g := func(i int) Mem { return Mem{Base: R12, Disp: 8 * i} }
	l := func(s string) string { return name + "_" + s }

	LEAQ(tailMask.Offset(32), RBX)
	SUBQ(g(9), RBX)
	VMOVDQU(Mem{Base: RBX}, Y15)

	CMPQ(g(8), U8(0))
	JNE(LabelRef(l("blocks")))
	if op == "copy" {
		CMPQ(g(9), U8(16))
		JAE(LabelRef(l("tailover_start")))
	}
	JMP(LabelRef(l("tailonly_start")))
	Label(l("blocks"))
	CMPQ(g(8), U8(1))
	JNE(LabelRef(l("any_start")))
	CMPQ(g(9), U8(0))
	JNE(LabelRef(l("any_start")))

	strd, cont := Mem{Base: R8}, Mem{Base: RDI}
	block := func() {
		switch op {
		case "copy":
			VMOVUPS(strd, Y0)
			VMOVUPS(Y0, cont)
		case "add32":
			VMOVUPS(strd, Y0)
			VADDPS(cont, Y0, Y0)
			VMOVUPS(Y0, strd)
		case "add64":
			VMOVUPD(strd, Y0)
			VADDPD(cont, Y0, Y0)
			VMOVUPD(Y0, strd)
		}
	}
	// over is copy's tail for a run that another run of its row follows:
	// the whole 32 bytes are stored, the masked-off lanes as zeros, and
	// the next run's stores overwrite what lies past this run (a masked
	// store is microcoded on AMD's Zen, some 10× the cost of a plain one,
	// and a transposed im2col is mostly tails). The row's last run, which
	// the gap or the end of dst follows, keeps the masked store. The
	// caller guarantees that 32 bytes from a run's start stay within its
	// row: the tail-only nest takes this path for tails of 16 bytes or
	// more only (two of them span 32), and in the other nest the next
	// run has at least a whole block.
	over := func(m func(string) string) {
		VMASKMOVPS(strd, Y15, Y0)
		CMPQ(RDX, U8(1))
		JNE(LabelRef(m("whole")))
		CMPQ(RCX, U8(1))
		JNE(LabelRef(m("whole")))
		VMASKMOVPS(Y0, Y15, cont)
		JMP(LabelRef(m("stored")))
		Label(m("whole"))
		VMOVUPS(Y0, cont)
		Label(m("stored"))
	}
	tail := func() {
		switch op {
		case "copy":
			VMASKMOVPS(strd, Y15, Y0)
			VMASKMOVPS(Y0, Y15, cont)
		case "add32":
			VMASKMOVPS(strd, Y15, Y0)
			VMASKMOVPS(cont, Y15, Y1)
			VADDPS(Y1, Y0, Y0)
			VMASKMOVPS(Y0, Y15, strd)
		case "add64":
			VMASKMOVPS(strd, Y15, Y0)
			VMASKMOVPS(cont, Y15, Y1)
			VADDPD(Y1, Y0, Y0)
			VMASKMOVPS(Y0, Y15, strd)
		}
	}
	modes := []string{"block", "tailonly", "any"}
	if op == "copy" {
		modes = append(modes, "tailover")
	}
	for _, mode := range modes {
		m := func(s string) string { return l(mode + "_" + s) }
		Label(m("start"))
		MOVQ(g(0), RAX)
		Label(m("l0"))
		MOVQ(RSI, R9)
		MOVQ(g(1), RBX)
		Label(m("l1"))
		MOVQ(R9, R10)
		MOVQ(g(2), RCX)
		Label(m("l2"))
		MOVQ(R10, R11)
		MOVQ(g(3), RDX)
		Label(m("l3"))
		MOVQ(R11, R8)
		switch mode {
		case "block":
			block()
			ADDQ(U8(32), RDI)
		case "tailonly":
			tail()
			ADDQ(g(9), RDI)
		case "tailover":
			over(m)
			ADDQ(g(9), RDI)
		case "any":
			MOVQ(g(8), R13)
			TESTQ(R13, R13)
			JZ(LabelRef(m("tail")))
			Label(m("blk"))
			block()
			ADDQ(U8(32), R8)
			ADDQ(U8(32), RDI)
			DECQ(R13)
			JNZ(LabelRef(m("blk")))
			Label(m("tail"))
			CMPQ(g(9), U8(0))
			JE(LabelRef(m("next")))
			if op == "copy" {
				over(m)
			} else {
				tail()
			}
			ADDQ(g(9), RDI)
			Label(m("next"))
		}
		ADDQ(g(7), R11)
		DECQ(RDX)
		JNZ(LabelRef(m("l3")))
		ADDQ(g(6), R10)
		DECQ(RCX)
		JNZ(LabelRef(m("l2")))
		ADDQ(g(10), RDI)
		ADDQ(g(5), R9)
		DECQ(RBX)
		JNZ(LabelRef(m("l1")))
		ADDQ(g(4), RSI)
		DECQ(RAX)
		JNZ(LabelRef(m("l0")))
		JMP(LabelRef(l("done")))
	}

	Label(l("done"))
	VZEROUPPER()
	RET()
}
