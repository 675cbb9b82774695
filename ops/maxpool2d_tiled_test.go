package ops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refArgmax is PyTorch's max_pool2d index rule written plainly: the last
// NaN of the window if there is one, else the first element greater than
// every earlier one (ties, and −0 against +0, keep the earlier).
func refArgmax(x []float32, w, y0, x0, kh, kw int) int {
	best, nan := y0*w+x0, -1
	for i := y0; i < y0+kh; i++ {
		for j := x0; j < x0+kw; j++ {
			v := x[i*w+j]
			if v != v {
				nan = i*w + j
			} else if bv := x[best]; bv == bv && v > bv {
				best = i*w + j
			}
		}
	}
	if nan >= 0 {
		return nan
	}
	return best
}

// TestMaxPoolTiledPath checks the 2×2 stride-2 kernels (maxPool2 and the
// tiled2 branches of maxPoolSelect and maxPoolScatter) against refArgmax
// on planes full of ties, signed zeros and NaNs, bit for bit; the gradient
// writes every position of dx (it starts as NaN) and a −0 in dy lands as
// the +0 the definition's 0 + (−0) gives. Planes of exactly twice the
// output's size with widths a multiple of 4 (8×8, 24×24, LeNet's) go
// through the AVX2 kernels; there the NaNs are also made rare (one in
// about every 40 elements), so that rows with and without them alternate.
func TestMaxPoolTiledPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 6))
	vals := []float32{0, float32(math.Copysign(0, -1)), 1, 1, 2, -1, float32(math.NaN()), float32(math.Inf(-1))}
	for _, sz := range [][3]int{{4, 6, 1}, {5, 7, 1}, {2, 2, 1}, {9, 4, 1}, {8, 8, 1}, {8, 8, 40}, {24, 24, 40}, {6, 16, 40}, {24, 24, 1 << 30}} {
		h, w, rare := sz[0], sz[1], sz[2]
		d := poolDims{b: 2, c: 3, h: h, w: w, ho: h / 2, wo: w / 2, kh: 2, kw: 2, sh: 2, sw: 2}
		if !d.tiled2() {
			t.Fatal("dims are not tiled2")
		}
		n, l := d.b*d.c*h*w, d.ho*d.wo
		x, v := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i], v[i] = vals[rng.IntN(len(vals))], float32(i+1)
			for x[i] != x[i] && rng.IntN(rare) != 0 {
				x[i] = vals[rng.IntN(len(vals))]
			}
		}
		dy := make([]float32, d.b*d.c*l)
		for i := range dy {
			dy[i] = float32(i + 1)
			if i%5 == 2 {
				dy[i] = float32(math.Copysign(0, -1)) // lands as +0, as 0 + (−0)
			}
		}
		y, pick, dx := make([]float32, len(dy)), make([]float32, len(dy)), make([]float32, n)
		for i := range dx {
			dx[i] = float32(math.NaN()) // every position must be written
		}
		maxPoolK(&d, 0, d.b*d.c, y, x)
		maxPoolSelect(&d, 0, d.b*d.c, pick, x, v)
		maxPoolScatter(&d, 0, d.b*d.c, dx, x, dy)
		want := make([]float32, n)
		for p := 0; p < d.b*d.c; p++ {
			xp := x[p*h*w : (p+1)*h*w]
			for oh := 0; oh < d.ho; oh++ {
				for ow := 0; ow < d.wo; ow++ {
					k := refArgmax(xp, w, 2*oh, 2*ow, 2, 2)
					o := p*l + oh*d.wo + ow
					// The forward value is max over the window (so +0 beats −0).
					ref := xp[k]
					if ref == 0 {
						for _, u := range []float32{xp[2*oh*w+2*ow], xp[2*oh*w+2*ow+1], xp[(2*oh+1)*w+2*ow], xp[(2*oh+1)*w+2*ow+1]} {
							if u == 0 && !math.Signbit(float64(u)) {
								ref = 0
							}
						}
					}
					if got := y[o]; math.Float32bits(got) != math.Float32bits(ref) && !(got != got && ref != ref) {
						t.Errorf("%d×%d plane %d (%d, %d): max %v, want %v", h, w, p, oh, ow, got, ref)
					}
					if pick[o] != v[p*h*w+k] {
						t.Errorf("%d×%d plane %d (%d, %d): pick %v, want %v", h, w, p, oh, ow, pick[o], v[p*h*w+k])
					}
					want[p*h*w+k] += dy[o]
				}
			}
		}
		for i := range want {
			if math.Float32bits(dx[i]) != math.Float32bits(want[i]) {
				t.Errorf("%d×%d: dx[%d] = %v, want %v", h, w, i, dx[i], want[i])
			}
		}
	}
}
