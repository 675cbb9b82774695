package kernels

//go:generate go run -C asm ./actgrad -out ../actgrad_amd64.s

// Declarations of the AVX2 activation-gradient kernels in actgrad_amd64.s,
// which asm/actgrad generates with avo. Each works on len(d) elements and
// must only be called when useAVX2 is set, with y and dy already resliced to
// len(d) (the entry points in actgrad.go do both); the results are
// bit-identical to the pure-Go references there.

// sigmoidGrad32AVX2 is SigmoidGrad32 in AVX2 assembly.
//
//go:noescape
func sigmoidGrad32AVX2(d, y, dy []float32)

// sigmoidGrad64AVX2 is SigmoidGrad64 in AVX2 assembly.
//
//go:noescape
func sigmoidGrad64AVX2(d, y, dy []float64)

// tanhGrad32AVX2 is TanhGrad32 in AVX2 assembly.
//
//go:noescape
func tanhGrad32AVX2(d, y, dy []float32)

// tanhGrad64AVX2 is TanhGrad64 in AVX2 assembly.
//
//go:noescape
func tanhGrad64AVX2(d, y, dy []float64)
