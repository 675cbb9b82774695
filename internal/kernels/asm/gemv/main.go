// Command gemv writes ../gemv_amd64.s, the one-row product kernels of
// package kernels (AVX2 + FMA3), with avo. gemv_amd64.go there has the
// declarations, gemv.go the driver and the pure-Go kernel that defines the
// semantics. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./gemv -out ../gemv_amd64.s)
//
// A kernel computes a panel of nv vectors (nv = 1..12; 8 float32 or 4
// float64 each) of one row of C = alpha·a·B + beta·C, reading B in place,
// row-major: per step p it broadcasts a[p] (Y12..Y15 in turn) and does nv
// VFMADD231s with the vectors of row p of B as memory operands, into the
// accumulators Y0..Y(nv-1). Vector v is at byte offset 32·v of the panel,
// except the last, which is at byte offset last (so that the driver can
// shift it left to end at C's last column; it may then overlap its
// neighbour). Each accumulator is one FMA chain in ascending p from zero,
// the chain of the 6×16 (6×8) GEMM micro-kernel, so a row computed here has
// the bits of the same row computed there. The k loop is unrolled by 4,
// then a loop of single steps.
//
// Store: acc·alpha (VMUL), then, if load != 0, fma(beta, C, ·) with C read
// from memory; every vector reads C before any is stored, so an
// overlapping last vector sees the C its neighbour saw, and both write the
// same bits.
//
// Registers: CX/BX k counters, SI a, R10 a's stride (bytes), DI B row, R11
// B row stride (bytes), DX C, R9 last (bytes).
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/chainrule/chainrule/internal/kernels/asm/loop"
)

// elem is one element type and its instructions.
type elem struct {
	name   string // float32
	prefix string // s or d
	shift  uint8  // log2 of the size in bytes
	xor    func(...Op)
	movu   func(...Op)
	bcast  func(...Op)
	fma    func(...Op)
	mul    func(...Op)
}

var elems = []elem{
	{name: "float32", prefix: "s", shift: 2, xor: VXORPS, movu: VMOVUPS, bcast: VBROADCASTSS, fma: VFMADD231PS, mul: VMULPS},
	{name: "float64", prefix: "d", shift: 3, xor: VXORPD, movu: VMOVUPD, bcast: VBROADCASTSD, fma: VFMADD231PD, mul: VMULPD},
}

var ys = []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}

// vec addresses vector v of nv in the panel whose base is in base.
func vec(base Register, v, nv int) Mem {
	if v == nv-1 {
		return Mem{Base: base, Index: R9, Scale: 1}
	}
	return Mem{Base: base, Disp: 32 * v}
}

func kernel(e elem, nv int) {
	TEXT(fmt.Sprintf("%sgemvKern%d", e.prefix, nv), NOSPLIT,
		"func(k int, a []"+e.name+", acs int, b []"+e.name+", ldb int, c []"+e.name+", last int, alpha, beta "+e.name+", load int)")
	Load(Param("k"), RCX)
	Load(Param("a").Base(), RSI)
	Load(Param("acs"), R10)
	Load(Param("b").Base(), RDI)
	Load(Param("ldb"), R11)
	Load(Param("c").Base(), RDX)
	Load(Param("last"), R9)
	for _, r := range []Register{R10, R11, R9} {
		SHLQ(U8(e.shift), r) // elements to bytes
	}
	for v := 0; v < nv; v++ {
		e.xor(ys[v], ys[v], ys[v])
	}

	// step is one p: a[p] broadcast into y, nv FMAs with row p of B.
	step := func(y VecPhysical) {
		e.bcast(Mem{Base: RSI}, y)
		ADDQ(R10, RSI)
		for v := 0; v < nv; v++ {
			e.fma(vec(RDI, v, nv), y, ys[v])
		}
		ADDQ(R11, RDI)
	}
	loop.KLoop(func(u int) { step(ys[12+u]) })

	Label("store")
	alpha, _ := Param("alpha").Resolve()
	beta, _ := Param("beta").Resolve()
	e.bcast(alpha.Addr, Y12)
	e.bcast(beta.Addr, Y13)
	for v := 0; v < nv; v++ {
		e.mul(Y12, ys[v], ys[v])
	}
	Load(Param("load"), RAX)
	TESTQ(RAX, RAX)
	JZ(LabelRef("noload"))
	for v := 0; v < nv; v++ {
		e.fma(vec(RDX, v, nv), Y13, ys[v])
	}
	Label("noload")
	for v := 0; v < nv; v++ {
		e.movu(ys[v], vec(RDX, v, nv))
	}
	VZEROUPPER()
	RET()
}

func main() {
	for _, e := range elems {
		for nv := 1; nv <= 12; nv++ {
			kernel(e, nv)
		}
	}
	Generate()
}
