// AVX2 elementwise kernels for package ops; see simd.go for the semantics
// and simd_amd64.go for the Go declarations.
//
// Every kernel has the same shape: a main loop of 4 unrolled 256-bit
// vectors (32 float32 or 16 float64 per iteration), then single vectors,
// then a scalar loop for the last few elements, so no load or store ever
// touches memory past len(d). All loads of a vector happen before its
// store, so d may alias an input exactly (in place). Only plain IEEE
// add/sub/mul (never FMA), max and compare are used, and every lane is
// rounded exactly as Go's scalar float32/float64 arithmetic is, so the
// results are bit-identical to the pure-Go kernels in simd.go.
//
// Operand order is Go's: the last operand is the destination and, for
// three-operand VEX instructions, "VOP src2, src1, dst" means
// dst = src1 OP src2.
//
// ReLU uses VMAXPS/VMAXPD x, 0 (Go: VMAXPS Y7, Y0, Y0 with Y7 = +0), whose
// result is "x > 0 ? x : second operand": a NaN or -0 in x gives the +0
// from the second operand, exactly the semantics of relu32Go.
// The ReLU gradient builds its mask with VCMPPS predicate 0x11 (LT_OQ,
// ordered, non-signalling) as 0 < x, i.e. x > 0 and false for NaN, and
// ANDs it with dy.
//
// The function bodies below are written out in full (no macros) so that
// each can be read and stepped through on its own.

#include "textflag.h"

// func relu32AVX2(d, x []float32)
// d[i] = x[i] if x[i] > 0, else +0 (NaN and -0 give +0).
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·relu32AVX2(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VXORPS Y7, Y7, Y7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS (SI)(AX*4), Y0
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VMAXPS Y7, Y0, Y0
	VMAXPS Y7, Y1, Y1
	VMAXPS Y7, Y2, Y2
	VMAXPS Y7, Y3, Y3
	VMOVUPS Y0, (DI)(AX*4)
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
	VMOVUPS (SI)(AX*4), Y0
	VMAXPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0
	VMAXSS X7, X0, X0
	VMOVSS X0, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func reluGrad32AVX2(d, x, dy []float32)
// d[i] = dy[i] if x[i] > 0, else +0.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·reluGrad32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ dy_base+48(FP), DX
	VXORPS Y7, Y7, Y7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VCMPPS $0x11, (SI)(AX*4), Y7, Y0
	VCMPPS $0x11, 32(SI)(AX*4), Y7, Y1
	VCMPPS $0x11, 64(SI)(AX*4), Y7, Y2
	VCMPPS $0x11, 96(SI)(AX*4), Y7, Y3
	VANDPS (DX)(AX*4), Y0, Y0
	VANDPS 32(DX)(AX*4), Y1, Y1
	VANDPS 64(DX)(AX*4), Y2, Y2
	VANDPS 96(DX)(AX*4), Y3, Y3
	VMOVUPS Y0, (DI)(AX*4)
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
	VCMPPS $0x11, (SI)(AX*4), Y7, Y0
	VANDPS (DX)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VCMPSS $0x11, (SI)(AX*4), X7, X0
	VMOVSS (DX)(AX*4), X1
	VANDPS X1, X0, X0
	VMOVSS X0, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func add32AVX2(d, a, b []float32)
// d[i] = a[i] + b[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·add32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS (SI)(AX*4), Y0
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VADDPS (DX)(AX*4), Y0, Y0
	VADDPS 32(DX)(AX*4), Y1, Y1
	VADDPS 64(DX)(AX*4), Y2, Y2
	VADDPS 96(DX)(AX*4), Y3, Y3
	VMOVUPS Y0, (DI)(AX*4)
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
	VMOVUPS (SI)(AX*4), Y0
	VADDPS (DX)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0
	VADDSS (DX)(AX*4), X0, X0
	VMOVSS X0, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func sub32AVX2(d, a, b []float32)
// d[i] = a[i] - b[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·sub32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS (SI)(AX*4), Y0
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VSUBPS (DX)(AX*4), Y0, Y0
	VSUBPS 32(DX)(AX*4), Y1, Y1
	VSUBPS 64(DX)(AX*4), Y2, Y2
	VSUBPS 96(DX)(AX*4), Y3, Y3
	VMOVUPS Y0, (DI)(AX*4)
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
	VMOVUPS (SI)(AX*4), Y0
	VSUBPS (DX)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0
	VSUBSS (DX)(AX*4), X0, X0
	VMOVSS X0, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func mul32AVX2(d, a, b []float32)
// d[i] = a[i] * b[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·mul32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS (SI)(AX*4), Y0
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VMULPS (DX)(AX*4), Y0, Y0
	VMULPS 32(DX)(AX*4), Y1, Y1
	VMULPS 64(DX)(AX*4), Y2, Y2
	VMULPS 96(DX)(AX*4), Y3, Y3
	VMOVUPS Y0, (DI)(AX*4)
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
	VMOVUPS (SI)(AX*4), Y0
	VMULPS (DX)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0
	VMULSS (DX)(AX*4), X0, X0
	VMOVSS X0, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func addReLU32AVX2(d, a, b []float32)
// d[i] = relu(a[i] + b[i]), the sum rounded first.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·addReLU32AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	VXORPS Y7, Y7, Y7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS (SI)(AX*4), Y0
	VMOVUPS 32(SI)(AX*4), Y1
	VMOVUPS 64(SI)(AX*4), Y2
	VMOVUPS 96(SI)(AX*4), Y3
	VADDPS (DX)(AX*4), Y0, Y0
	VMAXPS Y7, Y0, Y0
	VADDPS 32(DX)(AX*4), Y1, Y1
	VMAXPS Y7, Y1, Y1
	VADDPS 64(DX)(AX*4), Y2, Y2
	VMAXPS Y7, Y2, Y2
	VADDPS 96(DX)(AX*4), Y3, Y3
	VMAXPS Y7, Y3, Y3
	VMOVUPS Y0, (DI)(AX*4)
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
	VMOVUPS (SI)(AX*4), Y0
	VADDPS (DX)(AX*4), Y0, Y0
	VMAXPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (SI)(AX*4), X0
	VADDSS (DX)(AX*4), X0, X0
	VMAXSS X7, X0, X0
	VMOVSS X0, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func accum32AVX2(d, x []float32)
// d[i] += x[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·accum32AVX2(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX
	JZ   vec

loop:  // 4 vectors of 8: 32 elements per iteration
	VMOVUPS (DI)(AX*4), Y0
	VMOVUPS 32(DI)(AX*4), Y1
	VMOVUPS 64(DI)(AX*4), Y2
	VMOVUPS 96(DI)(AX*4), Y3
	VADDPS (SI)(AX*4), Y0, Y0
	VADDPS 32(SI)(AX*4), Y1, Y1
	VADDPS 64(SI)(AX*4), Y2, Y2
	VADDPS 96(SI)(AX*4), Y3, Y3
	VMOVUPS Y0, (DI)(AX*4)
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
	VMOVUPS (DI)(AX*4), Y0
	VADDPS (SI)(AX*4), Y0, Y0
	VMOVUPS Y0, (DI)(AX*4)
	ADDQ $8, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 8 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSS (DI)(AX*4), X0
	VADDSS (SI)(AX*4), X0, X0
	VMOVSS X0, (DI)(AX*4)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func relu64AVX2(d, x []float64)
// d[i] = x[i] if x[i] > 0, else +0 (NaN and -0 give +0).
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·relu64AVX2(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	VXORPD Y7, Y7, Y7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VMOVUPD 64(SI)(AX*8), Y2
	VMOVUPD 96(SI)(AX*8), Y3
	VMAXPD Y7, Y0, Y0
	VMAXPD Y7, Y1, Y1
	VMAXPD Y7, Y2, Y2
	VMAXPD Y7, Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
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
	VMOVUPD (SI)(AX*8), Y0
	VMAXPD Y7, Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD (SI)(AX*8), X0
	VMAXSD X7, X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func reluGrad64AVX2(d, x, dy []float64)
// d[i] = dy[i] if x[i] > 0, else +0.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·reluGrad64AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ dy_base+48(FP), DX
	VXORPD Y7, Y7, Y7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VCMPPD $0x11, (SI)(AX*8), Y7, Y0
	VCMPPD $0x11, 32(SI)(AX*8), Y7, Y1
	VCMPPD $0x11, 64(SI)(AX*8), Y7, Y2
	VCMPPD $0x11, 96(SI)(AX*8), Y7, Y3
	VANDPD (DX)(AX*8), Y0, Y0
	VANDPD 32(DX)(AX*8), Y1, Y1
	VANDPD 64(DX)(AX*8), Y2, Y2
	VANDPD 96(DX)(AX*8), Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
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
	VCMPPD $0x11, (SI)(AX*8), Y7, Y0
	VANDPD (DX)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VCMPSD $0x11, (SI)(AX*8), X7, X0
	VMOVSD (DX)(AX*8), X1
	VANDPD X1, X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func add64AVX2(d, a, b []float64)
// d[i] = a[i] + b[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·add64AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VMOVUPD 64(SI)(AX*8), Y2
	VMOVUPD 96(SI)(AX*8), Y3
	VADDPD (DX)(AX*8), Y0, Y0
	VADDPD 32(DX)(AX*8), Y1, Y1
	VADDPD 64(DX)(AX*8), Y2, Y2
	VADDPD 96(DX)(AX*8), Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
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
	VMOVUPD (SI)(AX*8), Y0
	VADDPD (DX)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD (SI)(AX*8), X0
	VADDSD (DX)(AX*8), X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func sub64AVX2(d, a, b []float64)
// d[i] = a[i] - b[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·sub64AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VMOVUPD 64(SI)(AX*8), Y2
	VMOVUPD 96(SI)(AX*8), Y3
	VSUBPD (DX)(AX*8), Y0, Y0
	VSUBPD 32(DX)(AX*8), Y1, Y1
	VSUBPD 64(DX)(AX*8), Y2, Y2
	VSUBPD 96(DX)(AX*8), Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
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
	VMOVUPD (SI)(AX*8), Y0
	VSUBPD (DX)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD (SI)(AX*8), X0
	VSUBSD (DX)(AX*8), X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func mul64AVX2(d, a, b []float64)
// d[i] = a[i] * b[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·mul64AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VMOVUPD 64(SI)(AX*8), Y2
	VMOVUPD 96(SI)(AX*8), Y3
	VMULPD (DX)(AX*8), Y0, Y0
	VMULPD 32(DX)(AX*8), Y1, Y1
	VMULPD 64(DX)(AX*8), Y2, Y2
	VMULPD 96(DX)(AX*8), Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
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
	VMOVUPD (SI)(AX*8), Y0
	VMULPD (DX)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD (SI)(AX*8), X0
	VMULSD (DX)(AX*8), X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func addReLU64AVX2(d, a, b []float64)
// d[i] = relu(a[i] + b[i]), the sum rounded first.
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·addReLU64AVX2(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	VXORPD Y7, Y7, Y7
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VMOVUPD 64(SI)(AX*8), Y2
	VMOVUPD 96(SI)(AX*8), Y3
	VADDPD (DX)(AX*8), Y0, Y0
	VMAXPD Y7, Y0, Y0
	VADDPD 32(DX)(AX*8), Y1, Y1
	VMAXPD Y7, Y1, Y1
	VADDPD 64(DX)(AX*8), Y2, Y2
	VMAXPD Y7, Y2, Y2
	VADDPD 96(DX)(AX*8), Y3, Y3
	VMAXPD Y7, Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
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
	VMOVUPD (SI)(AX*8), Y0
	VADDPD (DX)(AX*8), Y0, Y0
	VMAXPD Y7, Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD (SI)(AX*8), X0
	VADDSD (DX)(AX*8), X0, X0
	VMAXSD X7, X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET

// func accum64AVX2(d, x []float64)
// d[i] += x[i].
// Works on len(d) elements; the Go wrapper has checked the input lengths.
TEXT ·accum64AVX2(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX
	JZ   vec

loop:  // 4 vectors of 4: 16 elements per iteration
	VMOVUPD (DI)(AX*8), Y0
	VMOVUPD 32(DI)(AX*8), Y1
	VMOVUPD 64(DI)(AX*8), Y2
	VMOVUPD 96(DI)(AX*8), Y3
	VADDPD (SI)(AX*8), Y0, Y0
	VADDPD 32(SI)(AX*8), Y1, Y1
	VADDPD 64(SI)(AX*8), Y2, Y2
	VADDPD 96(SI)(AX*8), Y3, Y3
	VMOVUPD Y0, (DI)(AX*8)
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
	VMOVUPD (DI)(AX*8), Y0
	VADDPD (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, BX
	JLT  vecloop

scalar:  // the last < 4 elements, one at a time
	CMPQ AX, CX
	JGE  done

scalarloop:
	VMOVSD (DI)(AX*8), X0
	VADDSD (SI)(AX*8), X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ AX
	CMPQ AX, CX
	JLT  scalarloop

done:
	VZEROUPPER
	RET
