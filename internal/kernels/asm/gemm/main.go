// Command gemm writes ../gemm_avx2_amd64.s, the GEMM micro-kernels of
// package kernels (AVX2 + FMA3) and the transposes that pack op(B), with
// avo. gemm_avx2_amd64.go there has the declarations, gemm_avx2.go the
// driver and the pure-Go kernels that define the semantics. From
// internal/kernels:
//
//	go generate        (runs: go run -C asm ./gemm -out ../gemm_avx2_amd64.s)
//
// Each kernel keeps a 6-row tile of C in 12 YMM accumulators (Y4..Y15; row
// i in Y(4+2i), Y(5+2i)). Per step p it loads one 16-float32 (8-float64)
// row of B (Y0, Y1), broadcasts the 6 values of column p of the A panel
// (Y2, Y3 alternately) and does 12 VFMADD231s. The A panel is read in place
// with any strides: element (i, p) is at a + i*ars + p*acs, and rows 3..5
// are addressed from R12 = a + 3*ars, so A is never packed. The k loop is
// unrolled by 4, then a loop of single steps. Each accumulator is one FMA
// chain in ascending p, so the result does not depend on the unrolling.
//
// Store: acc·alpha (VMUL), then, if load != 0, fma(beta, C, ·) with C read
// from memory; C is not read at all when load == 0.
//
// Go operand order: "VFMADD231PS Y0, Y2, Y4" is Y4 = Y2*Y0 + Y4.
//
// Registers (physical, as in the hand-written file this replaced, whose
// machine code it reproduces byte for byte): CX/BX k counters, SI A row 0,
// R12 A row 3, R9 A row stride (bytes), R10 A column stride (bytes), DI B
// row, R11 B row stride (bytes), DX C row, R8 C row stride (bytes).
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
	shift  uint8  // log2 of the size in bytes
	xor    func(...Op)
	movu   func(...Op)
	bcast  func(...Op)
	fma    func(...Op)
	mul    func(...Op)
	kernel string // the micro-kernel's name
}

var elems = []elem{
	{name: "float32", shift: 2, xor: VXORPS, movu: VMOVUPS, bcast: VBROADCASTSS, fma: VFMADD231PS, mul: VMULPS, kernel: "sgemmKern6x16"},
	{name: "float64", shift: 3, xor: VXORPD, movu: VMOVUPD, bcast: VBROADCASTSD, fma: VFMADD231PD, mul: VMULPD, kernel: "dgemmKern6x8"},
}

// acc is accumulator j (0..11) of the tile: row j/2, half j%2.
func acc(j int) VecPhysical {
	return []VecPhysical{Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}[j]
}

// row returns rows 0..3 of a matrix whose row 0 is at base and whose rows
// are stride bytes apart, with stride3 = 3·stride: (base), (base)(stride*1),
// (base)(stride*2), (base)(stride3*1).
func row(base, stride, stride3 Register, i int) Mem {
	switch i {
	case 0:
		return Mem{Base: base}
	case 3:
		return Mem{Base: base, Index: stride3, Scale: 1}
	}
	return Mem{Base: base, Index: stride, Scale: uint8(i)}
}

func kernel(e elem) {
	TEXT(e.kernel, NOSPLIT, "func(k int, a []"+e.name+", ars, acs int, b []"+e.name+", ldb int, c []"+e.name+", ldc int, alpha, beta "+e.name+", load int)")
	Load(Param("k"), RCX)
	Load(Param("a").Base(), RSI)
	Load(Param("ars"), R9)
	Load(Param("acs"), R10)
	Load(Param("b").Base(), RDI)
	Load(Param("ldb"), R11)
	Load(Param("c").Base(), RDX)
	Load(Param("ldc"), R8)
	for _, r := range []Register{R9, R10, R11, R8} {
		SHLQ(U8(e.shift), r) // elements to bytes
	}
	LEAQ(Mem{Base: R9, Index: R9, Scale: 2}, R12)
	ADDQ(RSI, R12)
	Comment("R12 = row 3 of the A panel")
	for j := 0; j < 12; j++ {
		e.xor(acc(j), acc(j), acc(j))
	}

	// step is one p: a row of B, a column of the A panel, 12 FMAs.
	step := func() {
		e.movu(Mem{Base: RDI}, Y0)
		e.movu(Mem{Base: RDI, Disp: 32}, Y1)
		ADDQ(R11, RDI)
		for i := 0; i < 6; i++ {
			a := []Mem{{Base: RSI}, {Base: RSI, Index: R9, Scale: 1}, {Base: RSI, Index: R9, Scale: 2},
				{Base: R12}, {Base: R12, Index: R9, Scale: 1}, {Base: R12, Index: R9, Scale: 2}}[i]
			y := []VecPhysical{Y2, Y3}[i%2]
			e.bcast(a, y)
			e.fma(Y0, y, acc(2*i))
			e.fma(Y1, y, acc(2*i+1))
		}
		ADDQ(R10, RSI)
		ADDQ(R10, R12)
	}
	loop.KLoop(func(int) { step() })

	Label("store")
	alpha, _ := Param("alpha").Resolve()
	beta, _ := Param("beta").Resolve()
	e.bcast(alpha.Addr, Y0)
	e.bcast(beta.Addr, Y1)
	Load(Param("load"), RAX)
	TESTQ(RAX, RAX)
	JZ(LabelRef("noload"))
	out := func(load bool) {
		for i := 0; i < 6; i++ {
			if i > 0 {
				ADDQ(R8, RDX)
			}
			for h := 0; h < 2; h++ {
				c, y := Mem{Base: RDX, Disp: 32 * h}, acc(2*i+h)
				e.mul(Y0, y, y)
				if load {
					e.fma(c, Y1, y)
				}
				e.movu(y, c)
			}
		}
		VZEROUPPER()
		RET()
	}
	out(true)
	Label("noload")
	out(false)
}

// sgemmTransPack8: for q < kb/8 (kb a multiple of 8, ≥ 8), transposes the
// 8×8 block src[r*lds + 8q + c] (r, c < 8) into dst[(8q+c)*ldd + r]: 8 rows
// of src (8 columns of op(B)) become 8-element pieces of kb rows of dst.
// Unpack pairs of rows, shuffle pairs of pairs, then swap 128-bit halves.
// sgemmTransPack16 does the same for 16 rows of src, as two 8×8 blocks per
// q whose pieces fill the same 64 bytes of each row of dst, so that every
// cache line of dst is written whole at once (with 8 rows, each line is
// written in two halves, 8 rows of src apart, and falls out of L1 between
// them when k is large).
func transPack8(groups int) {
	name := fmt.Sprintf("sgemmTransPack%d", 8*groups)
	TEXT(name, NOSPLIT, "func(dst []float32, ldd int, src []float32, lds int, kb int)")
	Load(Param("dst").Base(), RDI)
	Load(Param("ldd"), R8)
	Load(Param("src").Base(), RSI)
	Load(Param("lds"), R9)
	Load(Param("kb"), RCX)
	SHLQ(U8(2), R8)
	SHLQ(U8(2), R9)
	SHRQ(U8(3), RCX)
	LEAQ(Mem{Base: R9, Index: R9, Scale: 2}, R10)  // 3 rows of src
	LEAQ(Mem{Base: R8, Index: R8, Scale: 2}, R11)  // 3 rows of dst
	LEAQ(Mem{Base: RSI, Index: R9, Scale: 4}, R12) // src row 4
	bases := []Register{RSI, R12}
	if groups == 2 {
		LEAQ(Mem{Base: RSI, Index: R9, Scale: 8}, R13) // src row 8
		LEAQ(Mem{Base: R12, Index: R9, Scale: 8}, R14) // src row 12
		bases = append(bases, R13, R14)
	}
	y := func(i int) VecPhysical {
		return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}[i]
	}
	loop := fmt.Sprintf("tloop%d", 32*groups)
	Label(loop)
	LEAQ(Mem{Base: RDI, Index: R8, Scale: 4}, RAX)
	for g := 0; g < groups; g++ {
		for i := 0; i < 8; i++ {
			VMOVUPS(row(bases[2*g+i/4], R9, R10, i%4), y(i))
		}
		for j := 0; j < 4; j++ {
			VUNPCKLPS(y(2*j+1), y(2*j), y(8+2*j))
			VUNPCKHPS(y(2*j+1), y(2*j), y(9+2*j))
		}
		for h := 0; h < 2; h++ {
			b := 8 + 4*h
			VSHUFPS(U8(0x44), y(b+2), y(b), y(4*h))
			VSHUFPS(U8(0xEE), y(b+2), y(b), y(4*h+1))
			VSHUFPS(U8(0x44), y(b+3), y(b+1), y(4*h+2))
			VSHUFPS(U8(0xEE), y(b+3), y(b+1), y(4*h+3))
		}
		for j := 0; j < 4; j++ {
			VPERM2F128(U8(0x20), y(4+j), y(j), y(8+j))
		}
		for j := 0; j < 4; j++ {
			VPERM2F128(U8(0x31), y(4+j), y(j), y(12+j))
		}
		for i := 0; i < 8; i++ {
			m := row([]Register{RDI, RAX}[i/4], R8, R11, i%4)
			m.Disp = 32 * g
			VMOVUPS(y(8+i), m)
		}
	}
	LEAQ(Mem{Base: RDI, Index: R8, Scale: 8}, RDI)
	for _, b := range bases {
		ADDQ(U8(32), b)
	}
	DECQ(RCX)
	JNZ(LabelRef(loop))
	VZEROUPPER()
	RET()
}

// dgemmTransPack4: for q < kb/4 (kb a multiple of 4, ≥ 4), transposes the
// 4×4 block src[r*lds + 4q + c] (r, c < 4) into dst[(4q+c)*ldd + r].
// dgemmTransPack8 does two such blocks (src rows 0..3 and 4..7) per q, into
// the same 64 bytes of each row of dst (see sgemmTransPack16).
func transPack4(groups int) {
	name := fmt.Sprintf("dgemmTransPack%d", 4*groups)
	TEXT(name, NOSPLIT, "func(dst []float64, ldd int, src []float64, lds int, kb int)")
	Load(Param("dst").Base(), RDI)
	Load(Param("ldd"), R8)
	Load(Param("src").Base(), RSI)
	Load(Param("lds"), R9)
	Load(Param("kb"), RCX)
	SHLQ(U8(3), R8)
	SHLQ(U8(3), R9)
	SHRQ(U8(2), RCX)
	LEAQ(Mem{Base: R9, Index: R9, Scale: 2}, R10) // 3 rows of src
	LEAQ(Mem{Base: R8, Index: R8, Scale: 2}, R11) // 3 rows of dst
	bases := []Register{RSI}
	if groups == 2 {
		LEAQ(Mem{Base: RSI, Index: R9, Scale: 4}, R12) // src row 4
		bases = append(bases, R12)
	}
	y := func(i int) VecPhysical { return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}[i] }
	loop := fmt.Sprintf("tloop%d", 64*groups)
	Label(loop)
	for g := 0; g < groups; g++ {
		for i := 0; i < 4; i++ {
			VMOVUPD(row(bases[g], R9, R10, i), y(i))
		}
		for j := 0; j < 2; j++ {
			VUNPCKLPD(y(2*j+1), y(2*j), y(4+2*j))
			VUNPCKHPD(y(2*j+1), y(2*j), y(5+2*j))
		}
		VPERM2F128(U8(0x20), Y6, Y4, Y0)
		VPERM2F128(U8(0x20), Y7, Y5, Y1)
		VPERM2F128(U8(0x31), Y6, Y4, Y2)
		VPERM2F128(U8(0x31), Y7, Y5, Y3)
		for i := 0; i < 4; i++ {
			m := row(RDI, R8, R11, i)
			m.Disp = 32 * g
			VMOVUPD(y(i), m)
		}
	}
	LEAQ(Mem{Base: RDI, Index: R8, Scale: 4}, RDI)
	for _, b := range bases {
		ADDQ(U8(32), b)
	}
	DECQ(RCX)
	JNZ(LabelRef(loop))
	VZEROUPPER()
	RET()
}

func main() {
	for _, e := range elems {
		kernel(e)
	}
	transPack8(1)
	transPack4(1)
	transPack8(2)
	transPack4(2)
	Generate()
}
