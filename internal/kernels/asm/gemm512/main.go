// Command gemm512 writes ../gemm_avx512_amd64.s, the AVX-512F GEMM
// micro-kernels of package kernels, with avo. gemm_avx512_amd64.go there
// has the declarations; gemm_avx2.go the driver and the pure-Go kernels
// that define the semantics. From internal/kernels:
//
//	go generate        (runs: go run -C asm ./gemm512 -out ../gemm_avx512_amd64.s)
//
// A kernel keeps an mr-row tile of C, of nv ZMM vectors per row (16
// float32 or 8 float64 each), in mr·nv accumulators, the last registers
// Z(32−mr·nv)..Z31 (row i in Z(base+nv·i) ..). Per step p it loads the nv
// vectors of row p of B (Z0, Z1), broadcasts the mr values of column p of
// the A panel (VBROADCASTSS/SD from memory into the registers between the
// B vectors and the accumulators, in turn) and does mr·nv VFMADD231s. The A
// panel is read in place with any strides: element (i, p) is at a + i*ars +
// p*acs; rows 3b..3b+2 are addressed from base register b (SI, R12, R13,
// R14, AX = a + 3b·ars) plus 0, 1 or 2 times ars, so A is never packed. The
// k loop is unrolled by 4, then a loop of single steps. Each accumulator is
// one FMA chain in ascending p from zero, the chain of the AVX2 kernels
// (gemm_avx2_amd64.s), so each element has the same bits as there.
//
// Store: acc·alpha (VMUL), then, if load != 0, fma(beta, C, ·) with C read
// from memory (the AVX2 kernels' two operations); C is not read at all when
// load == 0.
//
// Only AVX512F instructions on ZMM registers are used (zeroing by VPXORD /
// VPXORQ, not VXORPS, which needs AVX512DQ on ZMM).
//
// Go operand order: "VFMADD231PS Z0, Z2, Z8" is Z8 = Z2*Z0 + Z8.
//
// Registers: CX/BX k counters, SI/R12/R13/R14/AX the A row bases, R9 A row
// stride (bytes), R10 A column stride (bytes), DI B row, R11 B row stride
// (bytes), DX C row, R8 C row stride (bytes).
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
	lanes  int    // per ZMM register
	zero   func(...Op)
	movu   func(...Op)
	bcast  func(...Op)
	fma    func(...Op)
	mul    func(...Op)
}

var (
	f32 = elem{name: "float32", prefix: "s", shift: 2, lanes: 16, zero: VPXORD, movu: VMOVUPS, bcast: VBROADCASTSS, fma: VFMADD231PS, mul: VMULPS}
	f64 = elem{name: "float64", prefix: "d", shift: 3, lanes: 8, zero: VPXORQ, movu: VMOVUPD, bcast: VBROADCASTSD, fma: VFMADD231PD, mul: VMULPD}
)

// tile is one kernel's shape: mr rows of nv vectors.
type tile struct {
	e      elem
	mr, nv int
}

// tiles are the kernels generated.
var tiles = []tile{
	{f32, 8, 2}, {f32, 14, 2},
	{f64, 8, 2}, {f64, 14, 2},
}

func z(i int) VecPhysical {
	return []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
		Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31}[i]
}

// bases are the A row base registers: bases[b] = a + 3b·ars.
var bases = []Register{RSI, R12, R13, R14, RAX}

// arow addresses element (i, p) of the A panel.
func arow(i int) Mem {
	b := bases[i/3]
	if i%3 == 0 {
		return Mem{Base: b}
	}
	return Mem{Base: b, Index: R9, Scale: uint8(i % 3)}
}

func (t tile) name() string {
	return fmt.Sprintf("%sgemmKern%dx%dZ", t.e.prefix, t.mr, t.nv*t.e.lanes)
}

func kernel(t tile) {
	e := t.e
	nacc := t.mr * t.nv
	first := 32 - nacc // first accumulator register
	nb := first - t.nv // broadcast registers Z(nv)..Z(first-1)
	acc := func(i, v int) VecPhysical { return z(first + t.nv*i + v) }
	if nb < 1 {
		panic("tile too large")
	}
	TEXT(t.name(), NOSPLIT, "func(k int, a []"+e.name+", ars, acs int, b []"+e.name+", ldb int, c []"+e.name+", ldc int, alpha, beta "+e.name+", load int)")
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
	nbase := (t.mr + 2) / 3
	for b := 1; b < nbase; b++ {
		LEAQ(Mem{Base: bases[b-1], Index: R9, Scale: 2}, bases[b])
		ADDQ(R9, bases[b])
	}
	names := ""
	for b := 0; b < nbase; b++ {
		names += fmt.Sprintf(" %d: %s", 3*b, bases[b].Asm())
	}
	Comment("A panel rows at" + names)
	for i := 0; i < t.mr; i++ {
		for v := 0; v < t.nv; v++ {
			e.zero(acc(i, v), acc(i, v), acc(i, v))
		}
	}

	nbc := 0
	step := func() {
		for v := 0; v < t.nv; v++ {
			e.movu(Mem{Base: RDI, Disp: 64 * v}, z(v))
		}
		ADDQ(R11, RDI)
		for i := 0; i < t.mr; i++ {
			y := z(t.nv + nbc%nb)
			nbc++
			e.bcast(arow(i), y)
			for v := 0; v < t.nv; v++ {
				e.fma(z(v), y, acc(i, v))
			}
		}
		for b := 0; b < nbase; b++ {
			ADDQ(R10, bases[b])
		}
	}
	loop.KLoop(func(int) { step() })

	Label("store")
	alpha, _ := Param("alpha").Resolve()
	beta, _ := Param("beta").Resolve()
	e.bcast(alpha.Addr, Z0)
	e.bcast(beta.Addr, Z1)
	Load(Param("load"), RBX)
	TESTQ(RBX, RBX)
	JZ(LabelRef("noload"))
	out := func(load bool) {
		for i := 0; i < t.mr; i++ {
			if i > 0 {
				ADDQ(R8, RDX)
			}
			for v := 0; v < t.nv; v++ {
				c, y := Mem{Base: RDX, Disp: 64 * v}, acc(i, v)
				e.mul(Z0, y, y)
				if load {
					e.fma(c, Z1, y)
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

func main() {
	for _, t := range tiles {
		kernel(t)
	}
	Generate()
}
