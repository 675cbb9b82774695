package kernels

//go:generate go run -C asm ./tanh -out ../tanh_amd64.s

// tanh32AVX2 is tanh32Go in AVX2 assembly (tanh_amd64.s, which asm/tanh
// generates with avo), bit-identical for every input. It works on len(d)
// elements and must only be called when useAVX2 is set, with x already
// resliced to len(d) (Tanh32 does both).
//
//go:noescape
func tanh32AVX2(d, x []float32)
