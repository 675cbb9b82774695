package kernels

//go:generate go run -C asm ./exp32 -out ../exp32_amd64.s

// exp32AVX2 is exp32Go in AVX2 assembly (exp32_amd64.s, which asm/exp32
// generates with avo), bit-identical for every input. It works on len(d) elements and must only be called when
// useAVX2 is set, with x already resliced to len(d) (Exp32 does both).
//
//go:noescape
func exp32AVX2(d, x []float32)

// sigmoid32AVX2 is sigmoid32Go in AVX2 assembly (exp32_amd64.s),
// bit-identical for every input, under the same conditions (Sigmoid32).
//
//go:noescape
func sigmoid32AVX2(d, x []float32)
