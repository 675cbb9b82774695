// AVX2 activation gradients for package ops; see actgrad.go for the pure-Go
// references (sigmoidGrad32Go, tanhGrad32Go and their float64 twins) they
// reproduce bit for bit, and actgrad_amd64.go for the declarations.
//
// Same shape as the kernels of simd_amd64.s: a main loop of 4 unrolled
// 256-bit vectors (32 float32 or 16 float64 per iteration), then single
// vectors, then a scalar loop on the low lane for the last few elements, so
// no load or store touches memory past len(d). Each vector's loads of y and
// dy happen before its store, so d may alias y or dy exactly (in place).
//
// Bit-identical to the Go references: the same operations in the same order
// with plain VSUB/VMUL (never FMA), each rounded to the element type:
//
//	sigmoid: t = 1 - y; t = y * t; d = t * dy    (d = dy * (y * (1 - y)))
//	tanh:    t = y * y; t = 1 - t; d = t * dy    (d = dy * (1 - y*y))
//
// "VOP src2, src1, dst" means dst = src1 OP src2. When both operands of an
// x86 multiply are NaN, the first one's payload survives; the Go compiler
// computes dy[i] * t as MULSS dy, t (t, just computed in a register, is the
// first operand), so the last multiply here takes t first too, and a NaN y
// meeting a NaN dy gives y's payload in both (the tests check it).

#include "textflag.h"

// actgradOne32<> and actgradOne64<> hold 1.0 repeated over 32 bytes, for use
// as a YMM memory operand (the scalar tails read the first copy).
DATA actgradOne32<>+0(SB)/8, $0x3f8000003f800000
DATA actgradOne32<>+8(SB)/8, $0x3f8000003f800000
DATA actgradOne32<>+16(SB)/8, $0x3f8000003f800000
DATA actgradOne32<>+24(SB)/8, $0x3f8000003f800000
GLOBL actgradOne32<>(SB), RODATA|NOPTR, $32
DATA actgradOne64<>+0(SB)/8, $0x3ff0000000000000
DATA actgradOne64<>+8(SB)/8, $0x3ff0000000000000
DATA actgradOne64<>+16(SB)/8, $0x3ff0000000000000
DATA actgradOne64<>+24(SB)/8, $0x3ff0000000000000
GLOBL actgradOne64<>(SB), RODATA|NOPTR, $32


// func sigmoidGrad32AVX2(d, y, dy []float32)
// d[i] = dy[i] * (y[i] * (1 - y[i])), bit for bit as sigmoidGrad32Go.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·sigmoidGrad32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ dy_base+48(FP), DX
	VMOVUPS actgradOne32<>(SB), Y8
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS 0(SI)(AX*4), Y0  // y
	VMOVUPS 32(SI)(AX*4), Y1  // y
	VMOVUPS 64(SI)(AX*4), Y2  // y
	VMOVUPS 96(SI)(AX*4), Y3  // y
	VSUBPS Y0, Y8, Y4  // t = 1 - y
	VSUBPS Y1, Y8, Y5  // t = 1 - y
	VSUBPS Y2, Y8, Y6  // t = 1 - y
	VSUBPS Y3, Y8, Y7  // t = 1 - y
	VMULPS Y4, Y0, Y4  // t = y * t
	VMULPS Y5, Y1, Y5  // t = y * t
	VMULPS Y6, Y2, Y6  // t = y * t
	VMULPS Y7, Y3, Y7  // t = y * t
	VMOVUPS 0(DX)(AX*4), Y0  // dy
	VMOVUPS 32(DX)(AX*4), Y1  // dy
	VMOVUPS 64(DX)(AX*4), Y2  // dy
	VMOVUPS 96(DX)(AX*4), Y3  // dy
	VMULPS Y0, Y4, Y0  // d = t * dy
	VMULPS Y1, Y5, Y1  // d = t * dy
	VMULPS Y2, Y6, Y2  // d = t * dy
	VMULPS Y3, Y7, Y3  // d = t * dy
	VMOVUPS Y0, 0(DI)(AX*4)
	VMOVUPS Y1, 32(DI)(AX*4)
	VMOVUPS Y2, 64(DI)(AX*4)
	VMOVUPS Y3, 96(DI)(AX*4)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT  loop

vec:  // single vectors of 8
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JGE  scalar

vecloop:
	VMOVUPS 0(SI)(AX*4), Y0  // y
	VSUBPS Y0, Y8, Y4  // t = 1 - y
	VMULPS Y4, Y0, Y4  // t = y * t
	VMOVUPS 0(DX)(AX*4), Y0  // dy
	VMULPS Y0, Y4, Y0  // d = t * dy
	VMOVUPS Y0, 0(DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time, in the low lane
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS 0(SI)(AX*4), X0  // y
	VSUBSS X0, X8, X4  // t = 1 - y
	VMULSS X4, X0, X4  // t = y * t
	VMOVSS 0(DX)(AX*4), X0  // dy
	VMULSS X0, X4, X0  // d = t * dy
	VMOVSS X0, 0(DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func sigmoidGrad64AVX2(d, y, dy []float64)
// d[i] = dy[i] * (y[i] * (1 - y[i])), bit for bit as sigmoidGrad64Go.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·sigmoidGrad64AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ dy_base+48(FP), DX
	VMOVUPD actgradOne64<>(SB), Y8
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD 0(SI)(AX*8), Y0  // y
	VMOVUPD 32(SI)(AX*8), Y1  // y
	VMOVUPD 64(SI)(AX*8), Y2  // y
	VMOVUPD 96(SI)(AX*8), Y3  // y
	VSUBPD Y0, Y8, Y4  // t = 1 - y
	VSUBPD Y1, Y8, Y5  // t = 1 - y
	VSUBPD Y2, Y8, Y6  // t = 1 - y
	VSUBPD Y3, Y8, Y7  // t = 1 - y
	VMULPD Y4, Y0, Y4  // t = y * t
	VMULPD Y5, Y1, Y5  // t = y * t
	VMULPD Y6, Y2, Y6  // t = y * t
	VMULPD Y7, Y3, Y7  // t = y * t
	VMOVUPD 0(DX)(AX*8), Y0  // dy
	VMOVUPD 32(DX)(AX*8), Y1  // dy
	VMOVUPD 64(DX)(AX*8), Y2  // dy
	VMOVUPD 96(DX)(AX*8), Y3  // dy
	VMULPD Y0, Y4, Y0  // d = t * dy
	VMULPD Y1, Y5, Y1  // d = t * dy
	VMULPD Y2, Y6, Y2  // d = t * dy
	VMULPD Y3, Y7, Y3  // d = t * dy
	VMOVUPD Y0, 0(DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	VMOVUPD Y2, 64(DI)(AX*8)
	VMOVUPD Y3, 96(DI)(AX*8)
	ADDQ $16, AX
	CMPQ AX, BX
	JLT  loop

vec:  // single vectors of 4
	MOVQ CX, BX
	ANDQ $-4, BX
	CMPQ AX, BX
	JGE  scalar

vecloop:
	VMOVUPD 0(SI)(AX*8), Y0  // y
	VSUBPD Y0, Y8, Y4  // t = 1 - y
	VMULPD Y4, Y0, Y4  // t = y * t
	VMOVUPD 0(DX)(AX*8), Y0  // dy
	VMULPD Y0, Y4, Y0  // d = t * dy
	VMOVUPD Y0, 0(DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time, in the low lane
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD 0(SI)(AX*8), X0  // y
	VSUBSD X0, X8, X4  // t = 1 - y
	VMULSD X4, X0, X4  // t = y * t
	VMOVSD 0(DX)(AX*8), X0  // dy
	VMULSD X0, X4, X0  // d = t * dy
	VMOVSD X0, 0(DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func tanhGrad32AVX2(d, y, dy []float32)
// d[i] = dy[i] * (1 - y[i]*y[i]), bit for bit as tanhGrad32Go.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·tanhGrad32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ dy_base+48(FP), DX
	VMOVUPS actgradOne32<>(SB), Y8
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS 0(SI)(AX*4), Y0  // y
	VMOVUPS 32(SI)(AX*4), Y1  // y
	VMOVUPS 64(SI)(AX*4), Y2  // y
	VMOVUPS 96(SI)(AX*4), Y3  // y
	VMULPS Y0, Y0, Y4  // t = y * y
	VMULPS Y1, Y1, Y5  // t = y * y
	VMULPS Y2, Y2, Y6  // t = y * y
	VMULPS Y3, Y3, Y7  // t = y * y
	VSUBPS Y4, Y8, Y4  // t = 1 - t
	VSUBPS Y5, Y8, Y5  // t = 1 - t
	VSUBPS Y6, Y8, Y6  // t = 1 - t
	VSUBPS Y7, Y8, Y7  // t = 1 - t
	VMOVUPS 0(DX)(AX*4), Y0  // dy
	VMOVUPS 32(DX)(AX*4), Y1  // dy
	VMOVUPS 64(DX)(AX*4), Y2  // dy
	VMOVUPS 96(DX)(AX*4), Y3  // dy
	VMULPS Y0, Y4, Y0  // d = t * dy
	VMULPS Y1, Y5, Y1  // d = t * dy
	VMULPS Y2, Y6, Y2  // d = t * dy
	VMULPS Y3, Y7, Y3  // d = t * dy
	VMOVUPS Y0, 0(DI)(AX*4)
	VMOVUPS Y1, 32(DI)(AX*4)
	VMOVUPS Y2, 64(DI)(AX*4)
	VMOVUPS Y3, 96(DI)(AX*4)
	ADDQ $32, AX
	CMPQ AX, BX
	JLT  loop

vec:  // single vectors of 8
	MOVQ CX, BX
	ANDQ $-8, BX
	CMPQ AX, BX
	JGE  scalar

vecloop:
	VMOVUPS 0(SI)(AX*4), Y0  // y
	VMULPS Y0, Y0, Y4  // t = y * y
	VSUBPS Y4, Y8, Y4  // t = 1 - t
	VMOVUPS 0(DX)(AX*4), Y0  // dy
	VMULPS Y0, Y4, Y0  // d = t * dy
	VMOVUPS Y0, 0(DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time, in the low lane
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS 0(SI)(AX*4), X0  // y
	VMULSS X0, X0, X4  // t = y * y
	VSUBSS X4, X8, X4  // t = 1 - t
	VMOVSS 0(DX)(AX*4), X0  // dy
	VMULSS X0, X4, X0  // d = t * dy
	VMOVSS X0, 0(DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func tanhGrad64AVX2(d, y, dy []float64)
// d[i] = dy[i] * (1 - y[i]*y[i]), bit for bit as tanhGrad64Go.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·tanhGrad64AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ y_base+24(FP), SI
	MOVQ dy_base+48(FP), DX
	VMOVUPD actgradOne64<>(SB), Y8
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD 0(SI)(AX*8), Y0  // y
	VMOVUPD 32(SI)(AX*8), Y1  // y
	VMOVUPD 64(SI)(AX*8), Y2  // y
	VMOVUPD 96(SI)(AX*8), Y3  // y
	VMULPD Y0, Y0, Y4  // t = y * y
	VMULPD Y1, Y1, Y5  // t = y * y
	VMULPD Y2, Y2, Y6  // t = y * y
	VMULPD Y3, Y3, Y7  // t = y * y
	VSUBPD Y4, Y8, Y4  // t = 1 - t
	VSUBPD Y5, Y8, Y5  // t = 1 - t
	VSUBPD Y6, Y8, Y6  // t = 1 - t
	VSUBPD Y7, Y8, Y7  // t = 1 - t
	VMOVUPD 0(DX)(AX*8), Y0  // dy
	VMOVUPD 32(DX)(AX*8), Y1  // dy
	VMOVUPD 64(DX)(AX*8), Y2  // dy
	VMOVUPD 96(DX)(AX*8), Y3  // dy
	VMULPD Y0, Y4, Y0  // d = t * dy
	VMULPD Y1, Y5, Y1  // d = t * dy
	VMULPD Y2, Y6, Y2  // d = t * dy
	VMULPD Y3, Y7, Y3  // d = t * dy
	VMOVUPD Y0, 0(DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	VMOVUPD Y2, 64(DI)(AX*8)
	VMOVUPD Y3, 96(DI)(AX*8)
	ADDQ $16, AX
	CMPQ AX, BX
	JLT  loop

vec:  // single vectors of 4
	MOVQ CX, BX
	ANDQ $-4, BX
	CMPQ AX, BX
	JGE  scalar

vecloop:
	VMOVUPD 0(SI)(AX*8), Y0  // y
	VMULPD Y0, Y0, Y4  // t = y * y
	VSUBPD Y4, Y8, Y4  // t = 1 - t
	VMOVUPD 0(DX)(AX*8), Y0  // dy
	VMULPD Y0, Y4, Y0  // d = t * dy
	VMOVUPD Y0, 0(DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time, in the low lane
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD 0(SI)(AX*8), X0  // y
	VMULSD X0, X0, X4  // t = y * y
	VSUBSD X4, X8, X4  // t = 1 - t
	VMOVSD 0(DX)(AX*8), X0  // dy
	VMULSD X0, X4, X0  // d = t * dy
	VMOVSD X0, 0(DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET
