package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refPool2 is the 2×2 stride-2 pooling of one output row of wo windows of
// the rows r0 and r1 written plainly: the maximum by Go's max in row-major
// order and the first position holding it (ties, and −0 against +0, keep
// the earlier). It reports whether the row holds a NaN, where the kernels
// stop.
func refPool2(r0, r1 []float32, wo int) (m []float32, first []int, nan bool) {
	for j := 0; j < wo; j++ {
		v := []float32{r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1]}
		best, k := v[0], 0
		for i, u := range v {
			if u != u {
				nan = true
			}
			if u > best {
				k = i
			}
			best = max(best, u)
		}
		m, first = append(m, best), append(first, k)
	}
	return m, first, nan
}

// TestMaxPool2Rows checks MaxPool2Rows32 and MaxPoolScatter2Rows32 against
// refPool2 bit for bit on rows full of ties and signed zeros (+0 must win
// the maximum, the first of equal elements the gradient; a −0 in dy lands
// as +0), with NaNs in some rows (where the kernels must stop and say so,
// having touched nothing past that row), on widths of 1 to 4 groups of
// four windows; widths that are not a multiple of 4 are declined.
func TestMaxPool2Rows(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(2, 14))
	negz := float32(math.Copysign(0, -1))
	vals := []float32{0, negz, 1, 1, 2, -1, float32(math.Inf(-1)), 3.5}
	for _, wo := range []int{4, 8, 12, 16} {
		for _, nanRow := range []int{-1, 0, 2, 6} {
			rows := 7
			x := make([]float32, rows*4*wo)
			for i := range x {
				x[i] = vals[rng.IntN(len(vals))]
			}
			if nanRow >= 0 {
				x[(2*nanRow+rng.IntN(2))*2*wo+rng.IntN(2*wo)] = float32(math.NaN())
			}
			dy := make([]float32, rows*wo)
			for i := range dy {
				dy[i] = float32(i + 1)
				if i%5 == 2 {
					dy[i] = negz
				}
			}
			y, dx := make([]float32, rows*wo), make([]float32, rows*4*wo)
			for i := range y {
				y[i] = 42
			}
			for i := range dx {
				dx[i] = 42
			}
			want := rows
			if nanRow >= 0 {
				want = nanRow
			}
			if got := MaxPool2Rows32(y, x, rows, wo); got != want {
				t.Fatalf("wo %d NaN in row %d: MaxPool2Rows32 did %d rows, want %d", wo, nanRow, got, want)
			}
			if got := MaxPoolScatter2Rows32(dx, x, dy, rows, wo); got != want {
				t.Fatalf("wo %d NaN in row %d: MaxPoolScatter2Rows32 did %d rows, want %d", wo, nanRow, got, want)
			}
			for r := 0; r < rows; r++ {
				r0, r1 := x[2*r*2*wo:][:2*wo], x[(2*r+1)*2*wo:][:2*wo]
				m, first, _ := refPool2(r0, r1, wo)
				for j := 0; j < wo; j++ {
					wantY := float32(42)
					wantDx := [4]float32{42, 42, 42, 42}
					if r < want {
						wantY = m[j]
						wantDx = [4]float32{}
						wantDx[first[j]] = 0 + dy[r*wo+j]
					} else if r == want && nanRow >= 0 {
						continue // partly written before the NaN's group
					}
					if got := y[r*wo+j]; math.Float32bits(got) != math.Float32bits(wantY) {
						t.Errorf("wo %d NaN row %d: y[%d, %d] = %v, want %v", wo, nanRow, r, j, got, wantY)
					}
					got := [4]float32{dx[2*r*2*wo+2*j], dx[2*r*2*wo+2*j+1], dx[(2*r+1)*2*wo+2*j], dx[(2*r+1)*2*wo+2*j+1]}
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(wantDx[i]) {
							t.Errorf("wo %d NaN row %d: dx of window (%d, %d) = %v, want %v", wo, nanRow, r, j, got, wantDx)
							break
						}
					}
				}
			}
		}
	}
	for _, wo := range []int{1, 2, 3, 5, 6} {
		x, y := make([]float32, 4*wo), make([]float32, wo)
		if MaxPool2Rows32(y, x, 1, wo) != 0 || MaxPoolScatter2Rows32(x, x, y, 1, wo) != 0 {
			t.Errorf("wo %d: the kernels must decline widths that are not a multiple of 4", wo)
		}
	}
}
