package kernels

//go:generate go run -C asm ./simd -out ../simd_amd64.s

// Declarations of the AVX2 kernels in simd_amd64.s, which asm/simd
// generates with avo (go generate; the generated file is committed, so a
// build never runs avo). Each works on len(d) elements and must only be
// called when useAVX2 is set, with every input already resliced to len(d)
// (the entry points in simd.go do both); the results are bit-identical to
// the pure-Go references in simd.go.

// haveSIMDAsm reports that this architecture has the assembly kernels.
const haveSIMDAsm = true

// relu32AVX2 is ReLU32 in AVX2 assembly.
//
//go:noescape
func relu32AVX2(d, x []float32)

// reluGrad32AVX2 is ReLUGrad32 in AVX2 assembly.
//
//go:noescape
func reluGrad32AVX2(d, x, dy []float32)

// add32AVX2 is Add32 in AVX2 assembly.
//
//go:noescape
func add32AVX2(d, a, b []float32)

// sub32AVX2 is Sub32 in AVX2 assembly.
//
//go:noescape
func sub32AVX2(d, a, b []float32)

// mul32AVX2 is Mul32 in AVX2 assembly.
//
//go:noescape
func mul32AVX2(d, a, b []float32)

// addReLU32AVX2 is AddReLU32 in AVX2 assembly.
//
//go:noescape
func addReLU32AVX2(d, a, b []float32)

// accum32AVX2 is Accum32 in AVX2 assembly.
//
//go:noescape
func accum32AVX2(d, x []float32)

// relu64AVX2 is ReLU64 in AVX2 assembly.
//
//go:noescape
func relu64AVX2(d, x []float64)

// reluGrad64AVX2 is ReLUGrad64 in AVX2 assembly.
//
//go:noescape
func reluGrad64AVX2(d, x, dy []float64)

// add64AVX2 is Add64 in AVX2 assembly.
//
//go:noescape
func add64AVX2(d, a, b []float64)

// sub64AVX2 is Sub64 in AVX2 assembly.
//
//go:noescape
func sub64AVX2(d, a, b []float64)

// mul64AVX2 is Mul64 in AVX2 assembly.
//
//go:noescape
func mul64AVX2(d, a, b []float64)

// addReLU64AVX2 is AddReLU64 in AVX2 assembly.
//
//go:noescape
func addReLU64AVX2(d, a, b []float64)

// accum64AVX2 is Accum64 in AVX2 assembly.
//
//go:noescape
func accum64AVX2(d, x []float64)
