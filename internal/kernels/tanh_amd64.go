package kernels

// tanh32AVX2 is tanh32Go in AVX2 assembly (tanh_amd64.s), bit-identical for
// every input. It works on len(d) elements and must only be called when
// useAVX2 is set, with x already resliced to len(d) (Tanh32 does both).
//
//go:noescape
func tanh32AVX2(d, x []float32)
