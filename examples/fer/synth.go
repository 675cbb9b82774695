package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// emotions are the original FER2013 codes of the lecture's five classes.
var emotions = []int{0, 1, 4, 3, 5}

// syntheticCSV writes n faces in fer2013.csv's layout: an oval face with
// eyes, and a mouth curvature, mouth opening and brow slant that depend on
// the emotion, shifted and noised at random. Four rows in five are
// Training, the rest split between PublicTest and PrivateTest.
func syntheticCSV(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 3))
	// curvature, opening, brow slant per class (Angry, Disgust, Sad, Happy, Surprise)
	shape := [][3]float64{{-0.3, 0, 0.5}, {-0.1, 0.1, 0.3}, {-0.5, 0, -0.4}, {0.6, 0.1, 0}, {0, 0.8, -0.2}}
	usage := []string{"Training", "Training", "Training", "Training", "PublicTest", "Training", "Training", "Training", "Training", "PrivateTest"}
	var b strings.Builder
	b.WriteString("emotion,pixels,Usage\n")
	for r := 0; r < n; r++ {
		c := r % len(emotions)
		s := shape[c]
		dx, dy := 4*rng.Float64()-2, 4*rng.Float64()-2
		fmt.Fprintf(&b, "%d,\"", emotions[c])
		for i := 0; i < 48*48; i++ {
			x, y := float64(i%48)-24-dx, float64(i/48)-24-dy
			v := 60 + 30*rng.Float64()
			if x*x/400+y*y/529 < 1 {
				v += 80 // face
			}
			for _, ex := range []float64{-8, 8} {
				if (x-ex)*(x-ex)+(y+6)*(y+6) < 6 {
					v -= 100 // eyes
				}
				if by := -11 + s[2]*(math.Abs(x)-8)/2; math.Abs(x-ex) < 5 && math.Abs(y-by) < 1 {
					v -= 90 // brows
				}
			}
			if my := 9 - s[0]*x*x/20; math.Abs(x) < 8 && y > my-1-4*s[1] && y < my+1 {
				v -= 110 // mouth
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprint(&b, int(math.Max(0, math.Min(255, v))))
		}
		fmt.Fprintf(&b, "\",%s\n", usage[(r/len(emotions))%len(usage)])
	}
	return b.String()
}
