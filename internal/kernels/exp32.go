package kernels

import "math"

// Fast float32 exp and sigmoid, in the manner of Tanh32 (tanh.go): slice
// kernels with an AVX2 twin (exp32_amd64.s) and a pure-Go reference that give
// bit-identical results for every float32.
//
//	Exp32(d, x)      d[i] = e^x[i]
//	Sigmoid32(d, x)  d[i] = 1/(1 + e^-x[i])
//
// exp32Core is Cephes' expf: x is clamped to [-104, 89] (outside, e^x
// rounds to 0 or overflows in float32 anyway); n = round(x·log2 e) with ties
// to even, by adding and subtracting 1.5·2²³; r = x − n·ln 2 with ln 2 split
// in two parts, C1 (9 significant bits, so n·C1 is exact) and C2;
// e^r ≈ 1 + r + r²·P(r), P of degree 5 (Cephes' minimax coefficients); and
// the result is scaled by 2ⁿ as 2^⌊n/2⌋ · 2^(n−⌊n/2⌋), two powers of two that
// are normal floats for every n in [-150, 128], so that the first multiply is
// exact and the second rounds once: results below 2⁻¹²⁶ come out as correctly
// scaled denormals (not flushed), results below 2⁻¹⁵⁰ as +0, and above
// MaxFloat32 as +Inf. NaN gives x itself (same bits); +Inf gives +Inf, -Inf
// gives +0. TestExp32Accuracy measures the error against math.Exp rounded to
// float32 over every float32 in [-104, 89] (stride 7): at most 1 ulp.
//
// sigmoid32Core computes e = exp32Core(−|x|) (never overflows) and returns
// 1/(1 + e) for x ≥ +0 and e/(1 + e) for x ≤ −0 (the sign bit chooses the
// numerator, without a branch; at ±0 both give 0.5). NaN gives x itself.
// TestSigmoid32Accuracy measures the error against Sigmoid64 rounded to
// float32 over every float32 (stride 7): at most 2 ulps.
//
// Every product in the Go references is rounded with an explicit float32()
// before it is added, so no compiler fuses a multiply-add and they give the
// same bits on every architecture and GOAMD64 level, equal to the assembly,
// which uses plain VMULPS/VADDPS/VSUBPS/VDIVPS in the same order, never FMA.

const (
	exp32Hi        = 89
	exp32Lo        = -104
	exp32Log2e     = 1.44269504088896341
	exp32Magic     = 12582912   // 1.5·2²³: t + magic - magic rounds t to an integer
	exp32MagicBits = 0x4b400000 // its bits: bits(t + magic) - magicBits = round(t)
	exp32C1        = 0.693359375
	exp32C2        = -2.12194440e-4
	exp32P0        = 1.9875691500e-4
	exp32P1        = 1.3981999507e-3
	exp32P2        = 8.3334519073e-3
	exp32P3        = 4.1665795894e-2
	exp32P4        = 1.6666665459e-1
	exp32P5        = 5.0000001201e-1
)

// exp32Core returns e^v for any v but NaN (which the callers handle).
func exp32Core(v float32) float32 {
	if v > exp32Hi {
		v = exp32Hi
	}
	if v < exp32Lo {
		v = exp32Lo
	}
	t := float32(v*exp32Log2e) + exp32Magic
	fn := t - exp32Magic
	n := int32(math.Float32bits(t) - exp32MagicBits)
	r := v - float32(fn*exp32C1)
	r = r - float32(fn*exp32C2)
	p := float32(r*exp32P0) + exp32P1
	p = float32(p*r) + exp32P2
	p = float32(p*r) + exp32P3
	p = float32(p*r) + exp32P4
	p = float32(p*r) + exp32P5
	p = float32(p*float32(r*r)) + r
	p = p + 1
	n1 := n >> 1
	s1 := math.Float32frombits(uint32(n1+127) << 23)
	s2 := math.Float32frombits(uint32(n-n1+127) << 23)
	return float32(p*s1) * s2
}

// sigmoid32Core returns 1/(1 + e^-v) for any v but NaN.
func sigmoid32Core(v float32) float32 {
	vb := math.Float32bits(v)
	e := exp32Core(math.Float32frombits(vb | 0x80000000)) // e^-|v|
	q := e + 1
	// num = e if v's sign bit is set, else 1.
	mask := uint32(int32(vb) >> 31)
	num := math.Float32frombits(0x3f800000 ^ ((0x3f800000 ^ math.Float32bits(e)) & mask))
	return num / q
}

// Exp32 sets d[i] = e^x[i]; see exp32Core. It runs exp32AVX2 when useAVX2
// is set, else exp32Go: the same bits.
func Exp32(d, x []float32) {
	if len(x) < len(d) {
		panicSIMDLen()
	}
	x = x[:len(d)]
	if useAVX2 {
		exp32AVX2(d, x)
		return
	}
	exp32Go(d, x)
}

// Sigmoid32 sets d[i] = 1/(1 + e^-x[i]); see sigmoid32Core. It runs
// sigmoid32AVX2 when useAVX2 is set, else sigmoid32Go: the same bits.
func Sigmoid32(d, x []float32) {
	if len(x) < len(d) {
		panicSIMDLen()
	}
	x = x[:len(d)]
	if useAVX2 {
		sigmoid32AVX2(d, x)
		return
	}
	sigmoid32Go(d, x)
}

// exp32Go is the pure-Go Exp32, the reference for exp32AVX2.
func exp32Go(d, x []float32) {
	x = x[:len(d)]
	for i, v := range x {
		if v != v {
			d[i] = v
			continue
		}
		d[i] = exp32Core(v)
	}
}

// sigmoid32Go is the pure-Go Sigmoid32, the reference for sigmoid32AVX2.
func sigmoid32Go(d, x []float32) {
	x = x[:len(d)]
	for i, v := range x {
		if v != v {
			d[i] = v
			continue
		}
		d[i] = sigmoid32Core(v)
	}
}
