package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/chainrule/chainrule/datasets"
)

// template holds the 15 keypoints of an average face, (x, y) in pixels.
var template = [30]float64{
	66, 38, 30, 38, 59, 39, 73, 39, 37, 39, 23, 39, 57, 29, 79, 30, 39, 29, 16, 30,
	48, 57, 63, 76, 33, 76, 48, 72, 48, 82,
}

// syntheticCSV writes n faces in the Kaggle training.csv layout: each face
// is the template shifted by up to ±12 pixels and scaled by 0.9–1.1, drawn
// as a bright blob at every keypoint over a noisy background; about one face
// in three lacks all but the eye centres, as in the real file.
func syntheticCSV(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 2))
	var b strings.Builder
	b.WriteString(strings.Join(datasets.KeypointNames[:], ",") + ",Image\n")
	pix := make([]float64, 96*96)
	for r := 0; r < n; r++ {
		dx, dy, s := 24*rng.Float64()-12, 24*rng.Float64()-12, 0.9+0.2*rng.Float64()
		var kp [30]float64
		for j := 0; j < 30; j += 2 {
			kp[j] = 48 + s*(template[j]-48) + dx
			kp[j+1] = 48 + s*(template[j+1]-48) + dy
		}
		for i := range pix {
			pix[i] = 40 + 20*rng.Float64()
		}
		for j := 0; j < 30; j += 2 {
			blob(pix, kp[j], kp[j+1])
		}
		sparse := rng.IntN(3) == 0
		for j, v := range kp {
			if !sparse || j < 4 {
				fmt.Fprintf(&b, "%.4f", v)
			}
			b.WriteByte(',')
		}
		for i, v := range pix {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprint(&b, int(math.Min(255, v)))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// blob adds a Gaussian spot of radius about 5 pixels at (x, y).
func blob(pix []float64, x, y float64) {
	for r := max(0, int(y)-14); r < min(96, int(y)+15); r++ {
		for c := max(0, int(x)-14); c < min(96, int(x)+15); c++ {
			d2 := (float64(c)-x)*(float64(c)-x) + (float64(r)-y)*(float64(r)-y)
			pix[r*96+c] += 60 * math.Exp(-d2/50)
		}
	}
}

func sqrt(v float64) float64 { return math.Sqrt(v) }
