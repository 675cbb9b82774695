// AVX2 float32 tanh for package ops; see tanh.go for tanh32Go, the pure-Go
// reference it reproduces bit for bit, and tanh_amd64.go for the declaration.
//
// Same shape as the kernels of simd_amd64.s: a main loop of 4 unrolled
// 256-bit vectors (32 elements per iteration, the steps of the 4 vectors
// interleaved so that their Horner chains, about 50 cycles of latency each,
// overlap), then single vectors, then a scalar loop on the low lane for the
// last few elements, so no load or store touches memory past len(d). The
// vector loops read x twice, once in the VMINPS that starts the clamp and once
// in the final VBLENDVPS, both before the store of the same vector, so d may
// alias x exactly (in place). Unrolling further is not possible with 16 YMM
// registers (3 per vector, 4 for constants; the other coefficients are memory
// operands); giving p and q a register each and interleaving them was slower.
//
// Bit-identical to tanh32Go: the polynomials are evaluated with the same
// float32 constants, the same operations and the same parenthesisation as the
// Go source, with plain VMULPS/VADDPS/VDIVPS, never FMA: Go does not fuse
// tanh32Go's multiplies and adds for GOAMD64=v1, the default (for GOAMD64=v3
// it does, and tanh32Go then differs from this by a few ulps). Only the
// operand order of some commutative multiplies and adds differs, which
// changes nothing: IEEE add and multiply are commutative, and no NaN can
// reach them (see the clamp below).
// Go's branches become selections on every lane:
//
//   - clamp: a VMINPS with clamp, then a VMAXPS with -clamp. "VMINPS b, a,
//     dst" gives a < b ? a : b, and b whenever either is NaN; VMAXPS likewise
//     with >. So v > clamp gives clamp as in Go, v == clamp the same value,
//     and ±Inf give ±clamp as in Go. A NaN v comes out as ±clamp, never NaN
//     (the vector loops compute clamp < v ? clamp : v, NaN, then
//     NaN > -clamp ? NaN : -clamp, -clamp; the scalar loop gives clamp), so
//     the polynomials never see a NaN, and the NaN lane is replaced below.
//   - passthrough: Go returns v itself (same bits) when v is NaN or when
//     v < 0.0004 && v > -0.0004, which, since float32(-0.0004) is exactly
//     -float32(0.0004), is |v| < 0.0004 (±0 and denormals included). One
//     compare gives both: VCMPPS predicate 0x19 (NGE_UQ, non-signalling)
//     on |x| and 0.0004 is true when |x| < 0.0004 or when x is NaN. VBLENDVPS
//     then picks x itself, read again from memory, on those lanes and p/q
//     elsewhere (the scalar loop loads x into a register with VMOVSS first:
//     a VBLENDVPS memory operand would read 16 bytes, past the end of x).
//
// Operand order is Go's: "VOP src2, src1, dst" means dst = src1 OP src2;
// "VBLENDVPS mask, b, a, dst" means dst = mask's sign bit set ? b : a.
//
// The loop bodies are written out in full (no macros), like those of
// simd_amd64.s: each 4-vector step is one Go operation for vectors 0 to 3.

#include "textflag.h"

// tanh32c<> holds the constants of tanh32Go, each rounded to float32 as Go
// rounds them and repeated 8 times (32 bytes) so that a YMM instruction can
// take it as a memory operand; the scalar tail reads the first copy.
DATA tanh32c<>+0(SB)/8, $0x40fcf84f40fcf84f  // clamp
DATA tanh32c<>+8(SB)/8, $0x40fcf84f40fcf84f
DATA tanh32c<>+16(SB)/8, $0x40fcf84f40fcf84f
DATA tanh32c<>+24(SB)/8, $0x40fcf84f40fcf84f
DATA tanh32c<>+32(SB)/8, $0xc0fcf84fc0fcf84f  // negclamp
DATA tanh32c<>+40(SB)/8, $0xc0fcf84fc0fcf84f
DATA tanh32c<>+48(SB)/8, $0xc0fcf84fc0fcf84f
DATA tanh32c<>+56(SB)/8, $0xc0fcf84fc0fcf84f
DATA tanh32c<>+64(SB)/8, $0x7fffffff7fffffff  // absmask
DATA tanh32c<>+72(SB)/8, $0x7fffffff7fffffff
DATA tanh32c<>+80(SB)/8, $0x7fffffff7fffffff
DATA tanh32c<>+88(SB)/8, $0x7fffffff7fffffff
DATA tanh32c<>+96(SB)/8, $0x39d1b71739d1b717  // small
DATA tanh32c<>+104(SB)/8, $0x39d1b71739d1b717
DATA tanh32c<>+112(SB)/8, $0x39d1b71739d1b717
DATA tanh32c<>+120(SB)/8, $0x39d1b71739d1b717
DATA tanh32c<>+128(SB)/8, $0xa59f25c0a59f25c0  // a13
DATA tanh32c<>+136(SB)/8, $0xa59f25c0a59f25c0
DATA tanh32c<>+144(SB)/8, $0xa59f25c0a59f25c0
DATA tanh32c<>+152(SB)/8, $0xa59f25c0a59f25c0
DATA tanh32c<>+160(SB)/8, $0x2a61337e2a61337e  // a11
DATA tanh32c<>+168(SB)/8, $0x2a61337e2a61337e
DATA tanh32c<>+176(SB)/8, $0x2a61337e2a61337e
DATA tanh32c<>+184(SB)/8, $0x2a61337e2a61337e
DATA tanh32c<>+192(SB)/8, $0xaebd37ffaebd37ff  // a9
DATA tanh32c<>+200(SB)/8, $0xaebd37ffaebd37ff
DATA tanh32c<>+208(SB)/8, $0xaebd37ffaebd37ff
DATA tanh32c<>+216(SB)/8, $0xaebd37ffaebd37ff
DATA tanh32c<>+224(SB)/8, $0x335c0041335c0041  // a7
DATA tanh32c<>+232(SB)/8, $0x335c0041335c0041
DATA tanh32c<>+240(SB)/8, $0x335c0041335c0041
DATA tanh32c<>+248(SB)/8, $0x335c0041335c0041
DATA tanh32c<>+256(SB)/8, $0x3779434a3779434a  // a5
DATA tanh32c<>+264(SB)/8, $0x3779434a3779434a
DATA tanh32c<>+272(SB)/8, $0x3779434a3779434a
DATA tanh32c<>+280(SB)/8, $0x3779434a3779434a
DATA tanh32c<>+288(SB)/8, $0x3a270ded3a270ded  // a3
DATA tanh32c<>+296(SB)/8, $0x3a270ded3a270ded
DATA tanh32c<>+304(SB)/8, $0x3a270ded3a270ded
DATA tanh32c<>+312(SB)/8, $0x3a270ded3a270ded
DATA tanh32c<>+320(SB)/8, $0x3ba059dc3ba059dc  // a1
DATA tanh32c<>+328(SB)/8, $0x3ba059dc3ba059dc
DATA tanh32c<>+336(SB)/8, $0x3ba059dc3ba059dc
DATA tanh32c<>+344(SB)/8, $0x3ba059dc3ba059dc
DATA tanh32c<>+352(SB)/8, $0x35a0d3d835a0d3d8  // b6
DATA tanh32c<>+360(SB)/8, $0x35a0d3d835a0d3d8
DATA tanh32c<>+368(SB)/8, $0x35a0d3d835a0d3d8
DATA tanh32c<>+376(SB)/8, $0x35a0d3d835a0d3d8
DATA tanh32c<>+384(SB)/8, $0x38f895d638f895d6  // b4
DATA tanh32c<>+392(SB)/8, $0x38f895d638f895d6
DATA tanh32c<>+400(SB)/8, $0x38f895d638f895d6
DATA tanh32c<>+408(SB)/8, $0x38f895d638f895d6
DATA tanh32c<>+416(SB)/8, $0x3b14aa053b14aa05  // b2
DATA tanh32c<>+424(SB)/8, $0x3b14aa053b14aa05
DATA tanh32c<>+432(SB)/8, $0x3b14aa053b14aa05
DATA tanh32c<>+440(SB)/8, $0x3b14aa053b14aa05
DATA tanh32c<>+448(SB)/8, $0x3ba059dd3ba059dd  // b0
DATA tanh32c<>+456(SB)/8, $0x3ba059dd3ba059dd
DATA tanh32c<>+464(SB)/8, $0x3ba059dd3ba059dd
DATA tanh32c<>+472(SB)/8, $0x3ba059dd3ba059dd
GLOBL tanh32c<>(SB), RODATA|NOPTR, $480

// func tanh32AVX2(d, x []float32)
// d[i] = tanh32Go's tanh of x[i], bit for bit.
// Works on len(d) elements; the Go wrapper has checked the input length.
TEXT ·tanh32AVX2(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VMOVUPS tanh32c<>+0(SB), Y12  // clamp
	VMOVUPS tanh32c<>+32(SB), Y13  // -clamp
	VMOVUPS tanh32c<>+64(SB), Y14  // 0x7fffffff, clears the sign
	VMOVUPS tanh32c<>+96(SB), Y15  // 0.0004
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration, their steps interleaved
	VMINPS (SI)(AX*4), Y12, Y0  // v = min(x, clamp)
	VMINPS 32(SI)(AX*4), Y12, Y1
	VMINPS 64(SI)(AX*4), Y12, Y2
	VMINPS 96(SI)(AX*4), Y12, Y3
	VMAXPS Y13, Y0, Y0  // v = max(v, -clamp)
	VMAXPS Y13, Y1, Y1
	VMAXPS Y13, Y2, Y2
	VMAXPS Y13, Y3, Y3
	VMULPS Y0, Y0, Y4  // x2 = v*v
	VMULPS Y1, Y1, Y5
	VMULPS Y2, Y2, Y6
	VMULPS Y3, Y3, Y7
	VMULPS tanh32c<>+128(SB), Y4, Y8  // p = x2*a13
	VMULPS tanh32c<>+128(SB), Y5, Y9
	VMULPS tanh32c<>+128(SB), Y6, Y10
	VMULPS tanh32c<>+128(SB), Y7, Y11
	VADDPS tanh32c<>+160(SB), Y8, Y8  // p += a11
	VADDPS tanh32c<>+160(SB), Y9, Y9
	VADDPS tanh32c<>+160(SB), Y10, Y10
	VADDPS tanh32c<>+160(SB), Y11, Y11
	VMULPS Y4, Y8, Y8  // p *= x2
	VMULPS Y5, Y9, Y9
	VMULPS Y6, Y10, Y10
	VMULPS Y7, Y11, Y11
	VADDPS tanh32c<>+192(SB), Y8, Y8  // p += a9
	VADDPS tanh32c<>+192(SB), Y9, Y9
	VADDPS tanh32c<>+192(SB), Y10, Y10
	VADDPS tanh32c<>+192(SB), Y11, Y11
	VMULPS Y4, Y8, Y8  // p *= x2
	VMULPS Y5, Y9, Y9
	VMULPS Y6, Y10, Y10
	VMULPS Y7, Y11, Y11
	VADDPS tanh32c<>+224(SB), Y8, Y8  // p += a7
	VADDPS tanh32c<>+224(SB), Y9, Y9
	VADDPS tanh32c<>+224(SB), Y10, Y10
	VADDPS tanh32c<>+224(SB), Y11, Y11
	VMULPS Y4, Y8, Y8  // p *= x2
	VMULPS Y5, Y9, Y9
	VMULPS Y6, Y10, Y10
	VMULPS Y7, Y11, Y11
	VADDPS tanh32c<>+256(SB), Y8, Y8  // p += a5
	VADDPS tanh32c<>+256(SB), Y9, Y9
	VADDPS tanh32c<>+256(SB), Y10, Y10
	VADDPS tanh32c<>+256(SB), Y11, Y11
	VMULPS Y4, Y8, Y8  // p *= x2
	VMULPS Y5, Y9, Y9
	VMULPS Y6, Y10, Y10
	VMULPS Y7, Y11, Y11
	VADDPS tanh32c<>+288(SB), Y8, Y8  // p += a3
	VADDPS tanh32c<>+288(SB), Y9, Y9
	VADDPS tanh32c<>+288(SB), Y10, Y10
	VADDPS tanh32c<>+288(SB), Y11, Y11
	VMULPS Y4, Y8, Y8  // p *= x2
	VMULPS Y5, Y9, Y9
	VMULPS Y6, Y10, Y10
	VMULPS Y7, Y11, Y11
	VADDPS tanh32c<>+320(SB), Y8, Y8  // p += a1
	VADDPS tanh32c<>+320(SB), Y9, Y9
	VADDPS tanh32c<>+320(SB), Y10, Y10
	VADDPS tanh32c<>+320(SB), Y11, Y11
	VMULPS Y0, Y8, Y8  // p *= v
	VMULPS Y1, Y9, Y9
	VMULPS Y2, Y10, Y10
	VMULPS Y3, Y11, Y11
	VMULPS tanh32c<>+352(SB), Y4, Y0  // q = x2*b6 (v is no longer needed)
	VMULPS tanh32c<>+352(SB), Y5, Y1
	VMULPS tanh32c<>+352(SB), Y6, Y2
	VMULPS tanh32c<>+352(SB), Y7, Y3
	VADDPS tanh32c<>+384(SB), Y0, Y0  // q += b4
	VADDPS tanh32c<>+384(SB), Y1, Y1
	VADDPS tanh32c<>+384(SB), Y2, Y2
	VADDPS tanh32c<>+384(SB), Y3, Y3
	VMULPS Y4, Y0, Y0  // q *= x2
	VMULPS Y5, Y1, Y1
	VMULPS Y6, Y2, Y2
	VMULPS Y7, Y3, Y3
	VADDPS tanh32c<>+416(SB), Y0, Y0  // q += b2
	VADDPS tanh32c<>+416(SB), Y1, Y1
	VADDPS tanh32c<>+416(SB), Y2, Y2
	VADDPS tanh32c<>+416(SB), Y3, Y3
	VMULPS Y4, Y0, Y0  // q *= x2
	VMULPS Y5, Y1, Y1
	VMULPS Y6, Y2, Y2
	VMULPS Y7, Y3, Y3
	VADDPS tanh32c<>+448(SB), Y0, Y0  // q += b0
	VADDPS tanh32c<>+448(SB), Y1, Y1
	VADDPS tanh32c<>+448(SB), Y2, Y2
	VADDPS tanh32c<>+448(SB), Y3, Y3
	VDIVPS Y0, Y8, Y8  // p /= q
	VDIVPS Y1, Y9, Y9
	VDIVPS Y2, Y10, Y10
	VDIVPS Y3, Y11, Y11
	VANDPS (SI)(AX*4), Y14, Y0  // |x|
	VCMPPS $0x19, Y15, Y0, Y0  // m = !(|x| >= 0.0004): |x| < 0.0004 or NaN
	VBLENDVPS Y0, (SI)(AX*4), Y8, Y8  // m ? x : p/q
	VMOVUPS Y8, (DI)(AX*4)
	VANDPS 32(SI)(AX*4), Y14, Y1
	VCMPPS $0x19, Y15, Y1, Y1
	VBLENDVPS Y1, 32(SI)(AX*4), Y9, Y9
	VMOVUPS Y9, 32(DI)(AX*4)
	VANDPS 64(SI)(AX*4), Y14, Y2
	VCMPPS $0x19, Y15, Y2, Y2
	VBLENDVPS Y2, 64(SI)(AX*4), Y10, Y10
	VMOVUPS Y10, 64(DI)(AX*4)
	VANDPS 96(SI)(AX*4), Y14, Y3
	VCMPPS $0x19, Y15, Y3, Y3
	VBLENDVPS Y3, 96(SI)(AX*4), Y11, Y11
	VMOVUPS Y11, 96(DI)(AX*4)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT  loop

vec:  // single vectors of 8
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JGE  scalar

vecloop:
	VMINPS (SI)(AX*4), Y12, Y0  // v = min(x, clamp)
	VMAXPS Y13, Y0, Y0  // v = max(v, -clamp)
	VMULPS Y0, Y0, Y4  // x2 = v*v
	VMULPS tanh32c<>+128(SB), Y4, Y8  // p = x2*a13
	VADDPS tanh32c<>+160(SB), Y8, Y8  // p += a11
	VMULPS Y4, Y8, Y8  // p *= x2
	VADDPS tanh32c<>+192(SB), Y8, Y8  // p += a9
	VMULPS Y4, Y8, Y8  // p *= x2
	VADDPS tanh32c<>+224(SB), Y8, Y8  // p += a7
	VMULPS Y4, Y8, Y8  // p *= x2
	VADDPS tanh32c<>+256(SB), Y8, Y8  // p += a5
	VMULPS Y4, Y8, Y8  // p *= x2
	VADDPS tanh32c<>+288(SB), Y8, Y8  // p += a3
	VMULPS Y4, Y8, Y8  // p *= x2
	VADDPS tanh32c<>+320(SB), Y8, Y8  // p += a1
	VMULPS Y0, Y8, Y8  // p *= v
	VMULPS tanh32c<>+352(SB), Y4, Y0  // q = x2*b6 (v is no longer needed)
	VADDPS tanh32c<>+384(SB), Y0, Y0  // q += b4
	VMULPS Y4, Y0, Y0  // q *= x2
	VADDPS tanh32c<>+416(SB), Y0, Y0  // q += b2
	VMULPS Y4, Y0, Y0  // q *= x2
	VADDPS tanh32c<>+448(SB), Y0, Y0  // q += b0
	VDIVPS Y0, Y8, Y8  // p /= q
	VANDPS (SI)(AX*4), Y14, Y0  // |x|
	VCMPPS $0x19, Y15, Y0, Y0  // m = !(|x| >= 0.0004): |x| < 0.0004 or NaN
	VBLENDVPS Y0, (SI)(AX*4), Y8, Y8  // m ? x : p/q
	VMOVUPS Y8, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time, in the low lane
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0  // x
	VMINSS X12, X0, X0  // v = min(x, clamp)
	VMAXSS X13, X0, X0  // v = max(v, -clamp)
	VMULSS X0, X0, X4  // x2 = v*v
	VMULSS tanh32c<>+128(SB), X4, X8  // p = x2*a13
	VADDSS tanh32c<>+160(SB), X8, X8  // p += a11
	VMULSS X4, X8, X8  // p *= x2
	VADDSS tanh32c<>+192(SB), X8, X8  // p += a9
	VMULSS X4, X8, X8  // p *= x2
	VADDSS tanh32c<>+224(SB), X8, X8  // p += a7
	VMULSS X4, X8, X8  // p *= x2
	VADDSS tanh32c<>+256(SB), X8, X8  // p += a5
	VMULSS X4, X8, X8  // p *= x2
	VADDSS tanh32c<>+288(SB), X8, X8  // p += a3
	VMULSS X4, X8, X8  // p *= x2
	VADDSS tanh32c<>+320(SB), X8, X8  // p += a1
	VMULSS X0, X8, X8  // p *= v
	VMULSS tanh32c<>+352(SB), X4, X0  // q = x2*b6 (v is no longer needed)
	VADDSS tanh32c<>+384(SB), X0, X0  // q += b4
	VMULSS X4, X0, X0  // q *= x2
	VADDSS tanh32c<>+416(SB), X0, X0  // q += b2
	VMULSS X4, X0, X0  // q *= x2
	VADDSS tanh32c<>+448(SB), X0, X0  // q += b0
	VDIVSS X0, X8, X8  // p /= q
	VMOVSS (SI)(AX*4), X4  // x again
	VANDPS X14, X4, X0  // |x|
	VCMPSS $0x19, X15, X0, X0  // m = !(|x| >= 0.0004): |x| < 0.0004 or NaN
	VBLENDVPS X0, X4, X8, X8  // m ? x : p/q
	VMOVSS X8, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET
