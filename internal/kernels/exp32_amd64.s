// AVX2 float32 exp and sigmoid for package ops; see exp32.go for exp32Go and
// sigmoid32Go, the pure-Go references they reproduce bit for bit, and
// exp32_amd64.go for the declarations.
//
// Same shape as tanh_amd64.s: a main loop of 4 unrolled 256-bit vectors (32
// elements per iteration, the steps of the 4 vectors interleaved so that
// their dependency chains overlap), then single vectors, then a scalar loop
// on the low lane, so no load or store touches memory past len(d). x is read
// again (for the NaN selection) before the store of the same vector, so d may
// alias x exactly (in place). Each vector uses 4 registers (vector i: Yi for
// r, Y(4+i) for p, Y(8+i) for n, Y(12+i) for a temporary), all 16 with 4
// vectors, so every constant is a memory operand.
//
// Bit-identical to the Go references: the same float32 constants, the same
// operations in the same order, plain VMULPS/VADDPS/VSUBPS/VDIVPS, never
// FMA. Go's branches become selections on every lane:
//
//   - clamp: "VMINPS hi, v, v" gives v < hi ? v : hi, and "VMAXPS lo, v, v"
//     v > lo ? v : lo, which equal Go's ifs for every v but NaN. A NaN lane
//     comes out clamped, runs through the arithmetic harmlessly and is
//     replaced at the end.
//   - NaN: VCMPPS predicate 3 (UNORD_Q) of x with itself marks the NaN lanes,
//     and VBLENDVPS puts x itself there, as Go's d[i] = v does.
//   - sigmoid's numerator: Go picks e when the sign bit of x is set, else 1,
//     with a bit mask; here VBLENDVPS on x XOR 0x80000000 (whose sign bit is
//     set when x's is clear) picks 1 from memory there, e elsewhere.
//
// n = round(x·log2 e) comes from t = x·log2 e + 1.5·2²³: t − 1.5·2²³ is n as a
// float and bits(t) − bits(1.5·2²³) is n as an integer (VPSUBD); then
// n1 = n>>1 (VPSRAD), n2 = n − n1, and 2^k has the bits (k + 127)<<23.
//
// Operand order is Go's: "VOP src2, src1, dst" means dst = src1 OP src2;
// "VBLENDVPS mask, b, a, dst" means dst = mask's sign bit set ? b : a.

#include "textflag.h"

// exp32c<> holds the constants of exp32Core, each rounded to float32 as Go
// rounds them (or an int32 bit pattern) and repeated 8 times (32 bytes) so
// that a YMM instruction can take it as a memory operand.
DATA exp32c<>+0(SB)/8, $0x42b2000042b20000  // hi
DATA exp32c<>+8(SB)/8, $0x42b2000042b20000
DATA exp32c<>+16(SB)/8, $0x42b2000042b20000
DATA exp32c<>+24(SB)/8, $0x42b2000042b20000
DATA exp32c<>+32(SB)/8, $0xc2d00000c2d00000  // lo
DATA exp32c<>+40(SB)/8, $0xc2d00000c2d00000
DATA exp32c<>+48(SB)/8, $0xc2d00000c2d00000
DATA exp32c<>+56(SB)/8, $0xc2d00000c2d00000
DATA exp32c<>+64(SB)/8, $0x3fb8aa3b3fb8aa3b  // log2e
DATA exp32c<>+72(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA exp32c<>+80(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA exp32c<>+88(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA exp32c<>+96(SB)/8, $0x4b4000004b400000  // magic
DATA exp32c<>+104(SB)/8, $0x4b4000004b400000
DATA exp32c<>+112(SB)/8, $0x4b4000004b400000
DATA exp32c<>+120(SB)/8, $0x4b4000004b400000
DATA exp32c<>+128(SB)/8, $0x4b4000004b400000  // magicBits
DATA exp32c<>+136(SB)/8, $0x4b4000004b400000
DATA exp32c<>+144(SB)/8, $0x4b4000004b400000
DATA exp32c<>+152(SB)/8, $0x4b4000004b400000
DATA exp32c<>+160(SB)/8, $0x3f3180003f318000  // c1
DATA exp32c<>+168(SB)/8, $0x3f3180003f318000
DATA exp32c<>+176(SB)/8, $0x3f3180003f318000
DATA exp32c<>+184(SB)/8, $0x3f3180003f318000
DATA exp32c<>+192(SB)/8, $0xb95e8083b95e8083  // c2
DATA exp32c<>+200(SB)/8, $0xb95e8083b95e8083
DATA exp32c<>+208(SB)/8, $0xb95e8083b95e8083
DATA exp32c<>+216(SB)/8, $0xb95e8083b95e8083
DATA exp32c<>+224(SB)/8, $0x3950696739506967  // p0
DATA exp32c<>+232(SB)/8, $0x3950696739506967
DATA exp32c<>+240(SB)/8, $0x3950696739506967
DATA exp32c<>+248(SB)/8, $0x3950696739506967
DATA exp32c<>+256(SB)/8, $0x3ab743ce3ab743ce  // p1
DATA exp32c<>+264(SB)/8, $0x3ab743ce3ab743ce
DATA exp32c<>+272(SB)/8, $0x3ab743ce3ab743ce
DATA exp32c<>+280(SB)/8, $0x3ab743ce3ab743ce
DATA exp32c<>+288(SB)/8, $0x3c0889083c088908  // p2
DATA exp32c<>+296(SB)/8, $0x3c0889083c088908
DATA exp32c<>+304(SB)/8, $0x3c0889083c088908
DATA exp32c<>+312(SB)/8, $0x3c0889083c088908
DATA exp32c<>+320(SB)/8, $0x3d2aa9c13d2aa9c1  // p3
DATA exp32c<>+328(SB)/8, $0x3d2aa9c13d2aa9c1
DATA exp32c<>+336(SB)/8, $0x3d2aa9c13d2aa9c1
DATA exp32c<>+344(SB)/8, $0x3d2aa9c13d2aa9c1
DATA exp32c<>+352(SB)/8, $0x3e2aaaaa3e2aaaaa  // p4
DATA exp32c<>+360(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA exp32c<>+368(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA exp32c<>+376(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA exp32c<>+384(SB)/8, $0x3f0000003f000000  // p5
DATA exp32c<>+392(SB)/8, $0x3f0000003f000000
DATA exp32c<>+400(SB)/8, $0x3f0000003f000000
DATA exp32c<>+408(SB)/8, $0x3f0000003f000000
DATA exp32c<>+416(SB)/8, $0x3f8000003f800000  // one
DATA exp32c<>+424(SB)/8, $0x3f8000003f800000
DATA exp32c<>+432(SB)/8, $0x3f8000003f800000
DATA exp32c<>+440(SB)/8, $0x3f8000003f800000
DATA exp32c<>+448(SB)/8, $0x0000007f0000007f  // bias
DATA exp32c<>+456(SB)/8, $0x0000007f0000007f
DATA exp32c<>+464(SB)/8, $0x0000007f0000007f
DATA exp32c<>+472(SB)/8, $0x0000007f0000007f
DATA exp32c<>+480(SB)/8, $0x8000000080000000  // sign
DATA exp32c<>+488(SB)/8, $0x8000000080000000
DATA exp32c<>+496(SB)/8, $0x8000000080000000
DATA exp32c<>+504(SB)/8, $0x8000000080000000
GLOBL exp32c<>(SB), RODATA|NOPTR, $512

// func exp32AVX2(d, x []float32)
// d[i] = e^x[i], bit for bit as exp32Go.
// Works on len(d) elements; the Go wrapper has checked the input length.
TEXT ·exp32AVX2(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration, their steps interleaved
	VMOVUPS 0(SI)(AX*4), Y0  // x
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VMINPS exp32c<>+0(SB), Y0, Y0  // v = x < hi ? x : hi
	VMINPS exp32c<>+0(SB), Y1, Y1
	VMINPS exp32c<>+0(SB), Y2, Y2
	VMINPS exp32c<>+0(SB), Y3, Y3
	VMAXPS exp32c<>+32(SB), Y0, Y0  // v = v > lo ? v : lo
	VMAXPS exp32c<>+32(SB), Y1, Y1
	VMAXPS exp32c<>+32(SB), Y2, Y2
	VMAXPS exp32c<>+32(SB), Y3, Y3
	VMULPS exp32c<>+64(SB), Y0, Y12  // t = v*log2e
	VMULPS exp32c<>+64(SB), Y1, Y13
	VMULPS exp32c<>+64(SB), Y2, Y14
	VMULPS exp32c<>+64(SB), Y3, Y15
	VADDPS exp32c<>+96(SB), Y12, Y12  // t += magic
	VADDPS exp32c<>+96(SB), Y13, Y13
	VADDPS exp32c<>+96(SB), Y14, Y14
	VADDPS exp32c<>+96(SB), Y15, Y15
	VSUBPS exp32c<>+96(SB), Y12, Y4  // fn = t - magic
	VSUBPS exp32c<>+96(SB), Y13, Y5
	VSUBPS exp32c<>+96(SB), Y14, Y6
	VSUBPS exp32c<>+96(SB), Y15, Y7
	VPSUBD exp32c<>+128(SB), Y12, Y8  // n = bits(t) - magicBits
	VPSUBD exp32c<>+128(SB), Y13, Y9
	VPSUBD exp32c<>+128(SB), Y14, Y10
	VPSUBD exp32c<>+128(SB), Y15, Y11
	VMULPS exp32c<>+160(SB), Y4, Y12  // fn*c1
	VMULPS exp32c<>+160(SB), Y5, Y13
	VMULPS exp32c<>+160(SB), Y6, Y14
	VMULPS exp32c<>+160(SB), Y7, Y15
	VSUBPS Y12, Y0, Y0  // r = v - fn*c1
	VSUBPS Y13, Y1, Y1
	VSUBPS Y14, Y2, Y2
	VSUBPS Y15, Y3, Y3
	VMULPS exp32c<>+192(SB), Y4, Y12  // fn*c2
	VMULPS exp32c<>+192(SB), Y5, Y13
	VMULPS exp32c<>+192(SB), Y6, Y14
	VMULPS exp32c<>+192(SB), Y7, Y15
	VSUBPS Y12, Y0, Y0  // r -= fn*c2
	VSUBPS Y13, Y1, Y1
	VSUBPS Y14, Y2, Y2
	VSUBPS Y15, Y3, Y3
	VMULPS exp32c<>+224(SB), Y0, Y4  // p = r*p0
	VMULPS exp32c<>+224(SB), Y1, Y5
	VMULPS exp32c<>+224(SB), Y2, Y6
	VMULPS exp32c<>+224(SB), Y3, Y7
	VADDPS exp32c<>+256(SB), Y4, Y4  // p += p1
	VADDPS exp32c<>+256(SB), Y5, Y5
	VADDPS exp32c<>+256(SB), Y6, Y6
	VADDPS exp32c<>+256(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+288(SB), Y4, Y4  // p += p2
	VADDPS exp32c<>+288(SB), Y5, Y5
	VADDPS exp32c<>+288(SB), Y6, Y6
	VADDPS exp32c<>+288(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+320(SB), Y4, Y4  // p += p3
	VADDPS exp32c<>+320(SB), Y5, Y5
	VADDPS exp32c<>+320(SB), Y6, Y6
	VADDPS exp32c<>+320(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+352(SB), Y4, Y4  // p += p4
	VADDPS exp32c<>+352(SB), Y5, Y5
	VADDPS exp32c<>+352(SB), Y6, Y6
	VADDPS exp32c<>+352(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+384(SB), Y4, Y4  // p += p5
	VADDPS exp32c<>+384(SB), Y5, Y5
	VADDPS exp32c<>+384(SB), Y6, Y6
	VADDPS exp32c<>+384(SB), Y7, Y7
	VMULPS Y0, Y0, Y12  // z = r*r
	VMULPS Y1, Y1, Y13
	VMULPS Y2, Y2, Y14
	VMULPS Y3, Y3, Y15
	VMULPS Y12, Y4, Y4  // p *= z
	VMULPS Y13, Y5, Y5
	VMULPS Y14, Y6, Y6
	VMULPS Y15, Y7, Y7
	VADDPS Y0, Y4, Y4  // p += r
	VADDPS Y1, Y5, Y5
	VADDPS Y2, Y6, Y6
	VADDPS Y3, Y7, Y7
	VADDPS exp32c<>+416(SB), Y4, Y4  // p += 1
	VADDPS exp32c<>+416(SB), Y5, Y5
	VADDPS exp32c<>+416(SB), Y6, Y6
	VADDPS exp32c<>+416(SB), Y7, Y7
	VPSRAD $1, Y8, Y12  // n1 = n>>1
	VPSRAD $1, Y9, Y13
	VPSRAD $1, Y10, Y14
	VPSRAD $1, Y11, Y15
	VPSUBD Y12, Y8, Y8  // n2 = n - n1
	VPSUBD Y13, Y9, Y9
	VPSUBD Y14, Y10, Y10
	VPSUBD Y15, Y11, Y11
	VPADDD exp32c<>+448(SB), Y12, Y12  // n1 + 127
	VPADDD exp32c<>+448(SB), Y13, Y13
	VPADDD exp32c<>+448(SB), Y14, Y14
	VPADDD exp32c<>+448(SB), Y15, Y15
	VPSLLD $23, Y12, Y12  // s1 = 2^n1
	VPSLLD $23, Y13, Y13
	VPSLLD $23, Y14, Y14
	VPSLLD $23, Y15, Y15
	VMULPS Y12, Y4, Y4  // p *= s1
	VMULPS Y13, Y5, Y5
	VMULPS Y14, Y6, Y6
	VMULPS Y15, Y7, Y7
	VPADDD exp32c<>+448(SB), Y8, Y8  // n2 + 127
	VPADDD exp32c<>+448(SB), Y9, Y9
	VPADDD exp32c<>+448(SB), Y10, Y10
	VPADDD exp32c<>+448(SB), Y11, Y11
	VPSLLD $23, Y8, Y8  // s2 = 2^n2
	VPSLLD $23, Y9, Y9
	VPSLLD $23, Y10, Y10
	VPSLLD $23, Y11, Y11
	VMULPS Y8, Y4, Y4  // p *= s2: e^v
	VMULPS Y9, Y5, Y5
	VMULPS Y10, Y6, Y6
	VMULPS Y11, Y7, Y7
	VMOVUPS 0(SI)(AX*4), Y0  // x again
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VCMPPS $3, Y0, Y0, Y8  // m = x is NaN
	VCMPPS $3, Y1, Y1, Y9
	VCMPPS $3, Y2, Y2, Y10
	VCMPPS $3, Y3, Y3, Y11
	VBLENDVPS Y8, Y0, Y4, Y4  // m ? x : result
	VBLENDVPS Y9, Y1, Y5, Y5
	VBLENDVPS Y10, Y2, Y6, Y6
	VBLENDVPS Y11, Y3, Y7, Y7
	VMOVUPS Y4, 0(DI)(AX*4)
	VMOVUPS Y5, 32(DI)(AX*4)
	VMOVUPS Y6, 64(DI)(AX*4)
	VMOVUPS Y7, 96(DI)(AX*4)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT  loop

vec:  // single vectors of 8
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JGE  scalar

vecloop:
	VMOVUPS (SI)(AX*4), Y0  // x
	VMINPS exp32c<>+0(SB), Y0, Y0  // v = x < hi ? x : hi
	VMAXPS exp32c<>+32(SB), Y0, Y0  // v = v > lo ? v : lo
	VMULPS exp32c<>+64(SB), Y0, Y12  // t = v*log2e
	VADDPS exp32c<>+96(SB), Y12, Y12  // t += magic
	VSUBPS exp32c<>+96(SB), Y12, Y4  // fn = t - magic
	VPSUBD exp32c<>+128(SB), Y12, Y8  // n = bits(t) - magicBits
	VMULPS exp32c<>+160(SB), Y4, Y12  // fn*c1
	VSUBPS Y12, Y0, Y0  // r = v - fn*c1
	VMULPS exp32c<>+192(SB), Y4, Y12  // fn*c2
	VSUBPS Y12, Y0, Y0  // r -= fn*c2
	VMULPS exp32c<>+224(SB), Y0, Y4  // p = r*p0
	VADDPS exp32c<>+256(SB), Y4, Y4  // p += p1
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+288(SB), Y4, Y4  // p += p2
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+320(SB), Y4, Y4  // p += p3
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+352(SB), Y4, Y4  // p += p4
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+384(SB), Y4, Y4  // p += p5
	VMULPS Y0, Y0, Y12  // z = r*r
	VMULPS Y12, Y4, Y4  // p *= z
	VADDPS Y0, Y4, Y4  // p += r
	VADDPS exp32c<>+416(SB), Y4, Y4  // p += 1
	VPSRAD $1, Y8, Y12  // n1 = n>>1
	VPSUBD Y12, Y8, Y8  // n2 = n - n1
	VPADDD exp32c<>+448(SB), Y12, Y12  // n1 + 127
	VPSLLD $23, Y12, Y12  // s1 = 2^n1
	VMULPS Y12, Y4, Y4  // p *= s1
	VPADDD exp32c<>+448(SB), Y8, Y8  // n2 + 127
	VPSLLD $23, Y8, Y8  // s2 = 2^n2
	VMULPS Y8, Y4, Y4  // p *= s2: e^v
	VMOVUPS (SI)(AX*4), Y0  // x again
	VCMPPS $3, Y0, Y0, Y8  // m = x is NaN
	VBLENDVPS Y8, Y0, Y4, Y4  // m ? x : result
	VMOVUPS Y4, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time, in the low lane
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0  // x
	VMINSS exp32c<>+0(SB), X0, X0  // v = x < hi ? x : hi
	VMAXSS exp32c<>+32(SB), X0, X0  // v = v > lo ? v : lo
	VMULSS exp32c<>+64(SB), X0, X12  // t = v*log2e
	VADDSS exp32c<>+96(SB), X12, X12  // t += magic
	VSUBSS exp32c<>+96(SB), X12, X4  // fn = t - magic
	VPSUBD exp32c<>+128(SB), X12, X8  // n = bits(t) - magicBits
	VMULSS exp32c<>+160(SB), X4, X12  // fn*c1
	VSUBSS X12, X0, X0  // r = v - fn*c1
	VMULSS exp32c<>+192(SB), X4, X12  // fn*c2
	VSUBSS X12, X0, X0  // r -= fn*c2
	VMULSS exp32c<>+224(SB), X0, X4  // p = r*p0
	VADDSS exp32c<>+256(SB), X4, X4  // p += p1
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+288(SB), X4, X4  // p += p2
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+320(SB), X4, X4  // p += p3
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+352(SB), X4, X4  // p += p4
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+384(SB), X4, X4  // p += p5
	VMULSS X0, X0, X12  // z = r*r
	VMULSS X12, X4, X4  // p *= z
	VADDSS X0, X4, X4  // p += r
	VADDSS exp32c<>+416(SB), X4, X4  // p += 1
	VPSRAD $1, X8, X12  // n1 = n>>1
	VPSUBD X12, X8, X8  // n2 = n - n1
	VPADDD exp32c<>+448(SB), X12, X12  // n1 + 127
	VPSLLD $23, X12, X12  // s1 = 2^n1
	VMULSS X12, X4, X4  // p *= s1
	VPADDD exp32c<>+448(SB), X8, X8  // n2 + 127
	VPSLLD $23, X8, X8  // s2 = 2^n2
	VMULSS X8, X4, X4  // p *= s2: e^v
	VMOVSS (SI)(AX*4), X0  // x again
	VCMPSS $3, X0, X0, X8  // m = x is NaN
	VBLENDVPS X8, X0, X4, X4  // m ? x : result
	VMOVSS X4, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func sigmoid32AVX2(d, x []float32)
// d[i] = 1/(1 + e^-x[i]), bit for bit as sigmoid32Go.
// Works on len(d) elements; the Go wrapper has checked the input length.
TEXT ·sigmoid32AVX2(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration, their steps interleaved
	VMOVUPS 0(SI)(AX*4), Y0  // x
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VORPS exp32c<>+480(SB), Y0, Y0  // v = -|x|
	VORPS exp32c<>+480(SB), Y1, Y1
	VORPS exp32c<>+480(SB), Y2, Y2
	VORPS exp32c<>+480(SB), Y3, Y3
	VMAXPS exp32c<>+32(SB), Y0, Y0  // v = v > lo ? v : lo
	VMAXPS exp32c<>+32(SB), Y1, Y1
	VMAXPS exp32c<>+32(SB), Y2, Y2
	VMAXPS exp32c<>+32(SB), Y3, Y3
	VMULPS exp32c<>+64(SB), Y0, Y12  // t = v*log2e
	VMULPS exp32c<>+64(SB), Y1, Y13
	VMULPS exp32c<>+64(SB), Y2, Y14
	VMULPS exp32c<>+64(SB), Y3, Y15
	VADDPS exp32c<>+96(SB), Y12, Y12  // t += magic
	VADDPS exp32c<>+96(SB), Y13, Y13
	VADDPS exp32c<>+96(SB), Y14, Y14
	VADDPS exp32c<>+96(SB), Y15, Y15
	VSUBPS exp32c<>+96(SB), Y12, Y4  // fn = t - magic
	VSUBPS exp32c<>+96(SB), Y13, Y5
	VSUBPS exp32c<>+96(SB), Y14, Y6
	VSUBPS exp32c<>+96(SB), Y15, Y7
	VPSUBD exp32c<>+128(SB), Y12, Y8  // n = bits(t) - magicBits
	VPSUBD exp32c<>+128(SB), Y13, Y9
	VPSUBD exp32c<>+128(SB), Y14, Y10
	VPSUBD exp32c<>+128(SB), Y15, Y11
	VMULPS exp32c<>+160(SB), Y4, Y12  // fn*c1
	VMULPS exp32c<>+160(SB), Y5, Y13
	VMULPS exp32c<>+160(SB), Y6, Y14
	VMULPS exp32c<>+160(SB), Y7, Y15
	VSUBPS Y12, Y0, Y0  // r = v - fn*c1
	VSUBPS Y13, Y1, Y1
	VSUBPS Y14, Y2, Y2
	VSUBPS Y15, Y3, Y3
	VMULPS exp32c<>+192(SB), Y4, Y12  // fn*c2
	VMULPS exp32c<>+192(SB), Y5, Y13
	VMULPS exp32c<>+192(SB), Y6, Y14
	VMULPS exp32c<>+192(SB), Y7, Y15
	VSUBPS Y12, Y0, Y0  // r -= fn*c2
	VSUBPS Y13, Y1, Y1
	VSUBPS Y14, Y2, Y2
	VSUBPS Y15, Y3, Y3
	VMULPS exp32c<>+224(SB), Y0, Y4  // p = r*p0
	VMULPS exp32c<>+224(SB), Y1, Y5
	VMULPS exp32c<>+224(SB), Y2, Y6
	VMULPS exp32c<>+224(SB), Y3, Y7
	VADDPS exp32c<>+256(SB), Y4, Y4  // p += p1
	VADDPS exp32c<>+256(SB), Y5, Y5
	VADDPS exp32c<>+256(SB), Y6, Y6
	VADDPS exp32c<>+256(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+288(SB), Y4, Y4  // p += p2
	VADDPS exp32c<>+288(SB), Y5, Y5
	VADDPS exp32c<>+288(SB), Y6, Y6
	VADDPS exp32c<>+288(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+320(SB), Y4, Y4  // p += p3
	VADDPS exp32c<>+320(SB), Y5, Y5
	VADDPS exp32c<>+320(SB), Y6, Y6
	VADDPS exp32c<>+320(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+352(SB), Y4, Y4  // p += p4
	VADDPS exp32c<>+352(SB), Y5, Y5
	VADDPS exp32c<>+352(SB), Y6, Y6
	VADDPS exp32c<>+352(SB), Y7, Y7
	VMULPS Y0, Y4, Y4  // p *= r
	VMULPS Y1, Y5, Y5
	VMULPS Y2, Y6, Y6
	VMULPS Y3, Y7, Y7
	VADDPS exp32c<>+384(SB), Y4, Y4  // p += p5
	VADDPS exp32c<>+384(SB), Y5, Y5
	VADDPS exp32c<>+384(SB), Y6, Y6
	VADDPS exp32c<>+384(SB), Y7, Y7
	VMULPS Y0, Y0, Y12  // z = r*r
	VMULPS Y1, Y1, Y13
	VMULPS Y2, Y2, Y14
	VMULPS Y3, Y3, Y15
	VMULPS Y12, Y4, Y4  // p *= z
	VMULPS Y13, Y5, Y5
	VMULPS Y14, Y6, Y6
	VMULPS Y15, Y7, Y7
	VADDPS Y0, Y4, Y4  // p += r
	VADDPS Y1, Y5, Y5
	VADDPS Y2, Y6, Y6
	VADDPS Y3, Y7, Y7
	VADDPS exp32c<>+416(SB), Y4, Y4  // p += 1
	VADDPS exp32c<>+416(SB), Y5, Y5
	VADDPS exp32c<>+416(SB), Y6, Y6
	VADDPS exp32c<>+416(SB), Y7, Y7
	VPSRAD $1, Y8, Y12  // n1 = n>>1
	VPSRAD $1, Y9, Y13
	VPSRAD $1, Y10, Y14
	VPSRAD $1, Y11, Y15
	VPSUBD Y12, Y8, Y8  // n2 = n - n1
	VPSUBD Y13, Y9, Y9
	VPSUBD Y14, Y10, Y10
	VPSUBD Y15, Y11, Y11
	VPADDD exp32c<>+448(SB), Y12, Y12  // n1 + 127
	VPADDD exp32c<>+448(SB), Y13, Y13
	VPADDD exp32c<>+448(SB), Y14, Y14
	VPADDD exp32c<>+448(SB), Y15, Y15
	VPSLLD $23, Y12, Y12  // s1 = 2^n1
	VPSLLD $23, Y13, Y13
	VPSLLD $23, Y14, Y14
	VPSLLD $23, Y15, Y15
	VMULPS Y12, Y4, Y4  // p *= s1
	VMULPS Y13, Y5, Y5
	VMULPS Y14, Y6, Y6
	VMULPS Y15, Y7, Y7
	VPADDD exp32c<>+448(SB), Y8, Y8  // n2 + 127
	VPADDD exp32c<>+448(SB), Y9, Y9
	VPADDD exp32c<>+448(SB), Y10, Y10
	VPADDD exp32c<>+448(SB), Y11, Y11
	VPSLLD $23, Y8, Y8  // s2 = 2^n2
	VPSLLD $23, Y9, Y9
	VPSLLD $23, Y10, Y10
	VPSLLD $23, Y11, Y11
	VMULPS Y8, Y4, Y4  // p *= s2: e^v
	VMULPS Y9, Y5, Y5
	VMULPS Y10, Y6, Y6
	VMULPS Y11, Y7, Y7
	VADDPS exp32c<>+416(SB), Y4, Y12  // q = e + 1
	VADDPS exp32c<>+416(SB), Y5, Y13
	VADDPS exp32c<>+416(SB), Y6, Y14
	VADDPS exp32c<>+416(SB), Y7, Y15
	VMOVUPS 0(SI)(AX*4), Y0  // x again
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VXORPS exp32c<>+480(SB), Y0, Y8  // m = x ^ signbit: sign set when x >= +0
	VXORPS exp32c<>+480(SB), Y1, Y9
	VXORPS exp32c<>+480(SB), Y2, Y10
	VXORPS exp32c<>+480(SB), Y3, Y11
	VBLENDVPS Y8, exp32c<>+416(SB), Y4, Y4  // num = m ? 1 : e
	VBLENDVPS Y9, exp32c<>+416(SB), Y5, Y5
	VBLENDVPS Y10, exp32c<>+416(SB), Y6, Y6
	VBLENDVPS Y11, exp32c<>+416(SB), Y7, Y7
	VDIVPS Y12, Y4, Y4  // num / q
	VDIVPS Y13, Y5, Y5
	VDIVPS Y14, Y6, Y6
	VDIVPS Y15, Y7, Y7
	VCMPPS $3, Y0, Y0, Y8  // m = x is NaN
	VCMPPS $3, Y1, Y1, Y9
	VCMPPS $3, Y2, Y2, Y10
	VCMPPS $3, Y3, Y3, Y11
	VBLENDVPS Y8, Y0, Y4, Y4  // m ? x : result
	VBLENDVPS Y9, Y1, Y5, Y5
	VBLENDVPS Y10, Y2, Y6, Y6
	VBLENDVPS Y11, Y3, Y7, Y7
	VMOVUPS Y4, 0(DI)(AX*4)
	VMOVUPS Y5, 32(DI)(AX*4)
	VMOVUPS Y6, 64(DI)(AX*4)
	VMOVUPS Y7, 96(DI)(AX*4)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT  loop

vec:  // single vectors of 8
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JGE  scalar

vecloop:
	VMOVUPS (SI)(AX*4), Y0  // x
	VORPS exp32c<>+480(SB), Y0, Y0  // v = -|x|
	VMAXPS exp32c<>+32(SB), Y0, Y0  // v = v > lo ? v : lo
	VMULPS exp32c<>+64(SB), Y0, Y12  // t = v*log2e
	VADDPS exp32c<>+96(SB), Y12, Y12  // t += magic
	VSUBPS exp32c<>+96(SB), Y12, Y4  // fn = t - magic
	VPSUBD exp32c<>+128(SB), Y12, Y8  // n = bits(t) - magicBits
	VMULPS exp32c<>+160(SB), Y4, Y12  // fn*c1
	VSUBPS Y12, Y0, Y0  // r = v - fn*c1
	VMULPS exp32c<>+192(SB), Y4, Y12  // fn*c2
	VSUBPS Y12, Y0, Y0  // r -= fn*c2
	VMULPS exp32c<>+224(SB), Y0, Y4  // p = r*p0
	VADDPS exp32c<>+256(SB), Y4, Y4  // p += p1
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+288(SB), Y4, Y4  // p += p2
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+320(SB), Y4, Y4  // p += p3
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+352(SB), Y4, Y4  // p += p4
	VMULPS Y0, Y4, Y4  // p *= r
	VADDPS exp32c<>+384(SB), Y4, Y4  // p += p5
	VMULPS Y0, Y0, Y12  // z = r*r
	VMULPS Y12, Y4, Y4  // p *= z
	VADDPS Y0, Y4, Y4  // p += r
	VADDPS exp32c<>+416(SB), Y4, Y4  // p += 1
	VPSRAD $1, Y8, Y12  // n1 = n>>1
	VPSUBD Y12, Y8, Y8  // n2 = n - n1
	VPADDD exp32c<>+448(SB), Y12, Y12  // n1 + 127
	VPSLLD $23, Y12, Y12  // s1 = 2^n1
	VMULPS Y12, Y4, Y4  // p *= s1
	VPADDD exp32c<>+448(SB), Y8, Y8  // n2 + 127
	VPSLLD $23, Y8, Y8  // s2 = 2^n2
	VMULPS Y8, Y4, Y4  // p *= s2: e^v
	VADDPS exp32c<>+416(SB), Y4, Y12  // q = e + 1
	VMOVUPS (SI)(AX*4), Y0  // x again
	VXORPS exp32c<>+480(SB), Y0, Y8  // m = x ^ signbit: sign set when x >= +0
	VBLENDVPS Y8, exp32c<>+416(SB), Y4, Y4  // num = m ? 1 : e
	VDIVPS Y12, Y4, Y4  // num / q
	VCMPPS $3, Y0, Y0, Y8  // m = x is NaN
	VBLENDVPS Y8, Y0, Y4, Y4  // m ? x : result
	VMOVUPS Y4, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time, in the low lane
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0  // x
	VORPS exp32c<>+480(SB), X0, X0  // v = -|x|
	VMAXSS exp32c<>+32(SB), X0, X0  // v = v > lo ? v : lo
	VMULSS exp32c<>+64(SB), X0, X12  // t = v*log2e
	VADDSS exp32c<>+96(SB), X12, X12  // t += magic
	VSUBSS exp32c<>+96(SB), X12, X4  // fn = t - magic
	VPSUBD exp32c<>+128(SB), X12, X8  // n = bits(t) - magicBits
	VMULSS exp32c<>+160(SB), X4, X12  // fn*c1
	VSUBSS X12, X0, X0  // r = v - fn*c1
	VMULSS exp32c<>+192(SB), X4, X12  // fn*c2
	VSUBSS X12, X0, X0  // r -= fn*c2
	VMULSS exp32c<>+224(SB), X0, X4  // p = r*p0
	VADDSS exp32c<>+256(SB), X4, X4  // p += p1
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+288(SB), X4, X4  // p += p2
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+320(SB), X4, X4  // p += p3
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+352(SB), X4, X4  // p += p4
	VMULSS X0, X4, X4  // p *= r
	VADDSS exp32c<>+384(SB), X4, X4  // p += p5
	VMULSS X0, X0, X12  // z = r*r
	VMULSS X12, X4, X4  // p *= z
	VADDSS X0, X4, X4  // p += r
	VADDSS exp32c<>+416(SB), X4, X4  // p += 1
	VPSRAD $1, X8, X12  // n1 = n>>1
	VPSUBD X12, X8, X8  // n2 = n - n1
	VPADDD exp32c<>+448(SB), X12, X12  // n1 + 127
	VPSLLD $23, X12, X12  // s1 = 2^n1
	VMULSS X12, X4, X4  // p *= s1
	VPADDD exp32c<>+448(SB), X8, X8  // n2 + 127
	VPSLLD $23, X8, X8  // s2 = 2^n2
	VMULSS X8, X4, X4  // p *= s2: e^v
	VADDSS exp32c<>+416(SB), X4, X12  // q = e + 1
	VMOVSS (SI)(AX*4), X0  // x again
	VXORPS exp32c<>+480(SB), X0, X8  // m = x ^ signbit: sign set when x >= +0
	VBLENDVPS X8, exp32c<>+416(SB), X4, X4  // num = m ? 1 : e
	VDIVSS X12, X4, X4  // num / q
	VCMPSS $3, X0, X0, X8  // m = x is NaN
	VBLENDVPS X8, X0, X4, X4  // m ? x : result
	VMOVSS X4, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET
