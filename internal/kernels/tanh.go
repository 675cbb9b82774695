package kernels

import "math"

// Tanh64 sets d[i] = math.Tanh(x[i]).
func Tanh64(d, x []float64) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = math.Tanh(v)
	}
}

// Tanh32 computes tanh in float32 as p(x)/q(x), odd degree 13 over even
// degree 6, on x clamped to ±7.9053111 (where tanh rounds to ±1 in float32),
// and x itself below 4e-4. The minimax coefficients are those of Eigen's
// generic_fast_tanh_float. TestTanh32Accuracy checks it against math.Tanh on
// 4 million points: the worst error is 3.95e-7.
//
// It runs tanh32AVX2 (tanh_amd64.s) when useAVX2 is set, else tanh32Go; the
// two give bit-identical results for every float32 (tanh_simd_test.go):
// tanh32Go rounds every product before adding, so no compiler fuses them.
func Tanh32(d, x []float32) {
	if len(x) < len(d) {
		panicSIMDLen()
	}
	x = x[:len(d)]
	if useAVX2 {
		tanh32AVX2(d, x)
		return
	}
	tanh32Go(d, x)
}

// tanh32Go is the pure-Go Tanh32, the reference for tanh32AVX2 and the
// fallback without it. NaN (any payload) and |x| < 0.0004 (±0 included) come
// back as x itself, bit for bit.
func tanh32Go(d, x []float32) {
	const (
		clamp = 7.90531110763549805
		a1    = 4.89352455891786e-03
		a3    = 6.37261928875436e-04
		a5    = 1.48572235717979e-05
		a7    = 5.12229709037114e-08
		a9    = -8.60467152213735e-11
		a11   = 2.00018790482477e-13
		a13   = -2.76076847742355e-16
		b0    = 4.89352518554385e-03
		b2    = 2.26843463243900e-03
		b4    = 1.18534705686654e-04
		b6    = 1.19825839466702e-06
	)
	x = x[:len(d)]
	for i, v := range x {
		switch {
		case v != v: // NaN stays NaN
			d[i] = v
			continue
		case v > clamp:
			v = clamp
		case v < -clamp:
			v = -clamp
		case v < 0.0004 && v > -0.0004:
			d[i] = v
			continue
		}
		// Horner's scheme, each product rounded by float32() before it is
		// added, so that no compiler fuses a multiply-add (Go may, e.g.
		// on arm64 or with GOAMD64=v3): the same bits everywhere, equal to
		// tanh32AVX2's.
		x2 := v * v
		t := float32(x2 * a13)
		t = float32(x2 * (a11 + t))
		t = float32(x2 * (a9 + t))
		t = float32(x2 * (a7 + t))
		t = float32(x2 * (a5 + t))
		t = float32(x2 * (a3 + t))
		p := v * (a1 + t)
		u := float32(x2 * b6)
		u = float32(x2 * (b4 + u))
		u = float32(x2 * (b2 + u))
		d[i] = p / (b0 + u)
	}
}
