package kernels

import "math"

// Batch normalisation of x viewed as [n, c, hw] (a [N, C] batch has hw 1,
// [N, C, L] hw L, [N, C, H, W] hw H·W), per channel, in the manner of
// PyTorch's native_batch_norm on the CPU: the statistics in two passes
// over x (the mean, then the squared deviations from it), the sums in
// float64 whatever T is, each (image, channel) plane summed by four
// accumulators and the planes added in image order.
//
// Each function computes channels [lo, hi) only and every channel's
// result depends on that channel's data alone, in a fixed order, so a
// caller may split the channels across cores in any way and get the same
// bits. stats and r are [2, c]: stats row 0 the mean μ, row 1 the
// population variance σ² (dividing by n·hw); r row 0 Σ dy·x̂, row 1 Σ dy,
// with x̂ = (x − μ)/√(σ² + eps). Nothing is allocated.

// BatchNormStats writes the mean and population variance of channels
// [lo, hi) of x into stats.
func BatchNormStats[T Float](stats, x []T, n, c, hw, lo, hi int) {
	m := float64(n * hw)
	for ch := lo; ch < hi; ch++ {
		var s float64
		for i := 0; i < n; i++ {
			s += sum4(x[(i*c+ch)*hw:][:hw])
		}
		mu := s / m
		var v float64
		for i := 0; i < n; i++ {
			v += dev4(x[(i*c+ch)*hw:][:hw], mu)
		}
		stats[ch], stats[c+ch] = T(mu), T(v/m)
	}
}

// invStd returns 1/√(v + eps) in float64.
func invStd[T Float](v T, eps float64) float64 { return 1 / math.Sqrt(float64(v)+eps) }

// BatchNormApply writes y = (x − μ)·(γ/√(σ² + eps)) + β for channels
// [lo, hi), the statistics from stats.
func BatchNormApply[T Float](y, x, stats, gamma, beta []T, eps float64, n, c, hw, lo, hi int) {
	for ch := lo; ch < hi; ch++ {
		mu, a, b := stats[ch], T(float64(gamma[ch])*invStd(stats[c+ch], eps)), beta[ch]
		for i := 0; i < n; i++ {
			o := (i*c + ch) * hw
			xs, ys := x[o:][:hw], y[o:][:hw]
			ys = ys[:len(xs)]
			for j, v := range xs {
				ys[j] = (v-mu)*a + b
			}
		}
	}
}

// BatchNormReduce writes r = (Σ dy·x̂, Σ dy) for channels [lo, hi): the
// gradients of γ and β, and what the gradient of x needs.
func BatchNormReduce[T Float](r, x, dy, stats []T, eps float64, n, c, hw, lo, hi int) {
	for ch := lo; ch < hi; ch++ {
		mu := float64(stats[ch])
		var sd, sdx float64
		for i := 0; i < n; i++ {
			o := (i*c + ch) * hw
			a, b := dotDev4(dy[o:][:hw], x[o:][:hw], mu)
			sd += a
			sdx += b
		}
		r[ch], r[c+ch] = T(sdx*invStd(stats[c+ch], eps)), T(sd)
	}
}

// BatchNormInputGrad writes the gradient of x for channels [lo, hi),
// dx = γ·s·(dy − Σdy/m − x̂·Σ(dy·x̂)/m) with s = 1/√(σ² + eps) and m = n·hw
// values per channel, from r (BatchNormReduce's).
func BatchNormInputGrad[T Float](dx, x, dy, stats, gamma, r []T, eps float64, n, c, hw, lo, hi int) {
	m := float64(n * hw)
	for ch := lo; ch < hi; ch++ {
		s := invStd(stats[c+ch], eps)
		mu := stats[ch]
		a := T(float64(gamma[ch]) * s)
		b := T(float64(r[c+ch]) / m)
		q := T(s * float64(r[ch]) / m)
		for i := 0; i < n; i++ {
			o := (i*c + ch) * hw
			xs, ds, gs := x[o:][:hw], dy[o:][:hw], dx[o:][:hw]
			ds, gs = ds[:len(xs)], gs[:len(xs)]
			for j, v := range xs {
				gs[j] = a * (ds[j] - b - (v-mu)*q)
			}
		}
	}
}

// sum4 returns Σ x in float64, by four accumulators.
func sum4[T Float](x []T) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i])
		s1 += float64(x[i+1])
		s2 += float64(x[i+2])
		s3 += float64(x[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// dev4 returns Σ (x − mu)² in float64, by four accumulators.
func dev4[T Float](x []T, mu float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		d0, d1, d2, d3 := float64(x[i])-mu, float64(x[i+1])-mu, float64(x[i+2])-mu, float64(x[i+3])-mu
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(x); i++ {
		d := float64(x[i]) - mu
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// dotDev4 returns Σ dy and Σ dy·(x − mu) in float64, by four
// accumulators each.
func dotDev4[T Float](dy, x []T, mu float64) (sd, sdx float64) {
	var a0, a1, a2, a3, b0, b1, b2, b3 float64
	dy = dy[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		g0, g1, g2, g3 := float64(dy[i]), float64(dy[i+1]), float64(dy[i+2]), float64(dy[i+3])
		a0 += g0
		a1 += g1
		a2 += g2
		a3 += g3
		b0 += g0 * (float64(x[i]) - mu)
		b1 += g1 * (float64(x[i+1]) - mu)
		b2 += g2 * (float64(x[i+2]) - mu)
		b3 += g3 * (float64(x[i+3]) - mu)
	}
	for ; i < len(x); i++ {
		g := float64(dy[i])
		a0 += g
		b0 += g * (float64(x[i]) - mu)
	}
	return (a0 + a1) + (a2 + a3), (b0 + b1) + (b2 + b3)
}
