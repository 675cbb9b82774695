package kernels

import "testing"

// lenetCols are W6's two convolutions of one image as im2col sees them.
var lenetCols = []struct {
	name string
	d    ColShape
}{
	{"conv1-1x28x28", ColShape{C: 1, H: 28, W: 28, Ho: 24, Wo: 24, Kh: 5, Kw: 5, Sh: 1, Sw: 1, Dh: 1, Dw: 1}},
	{"conv2-20x12x12", ColShape{C: 20, H: 12, W: 12, Ho: 8, Wo: 8, Kh: 5, Kw: 5, Sh: 1, Sw: 1, Dh: 1, Dw: 1}},
}

// BenchmarkIm2colLeNet times Im2col, Im2colT and Col2im of one float32
// image on W6's shapes, in ns per column element.
func BenchmarkIm2colLeNet(b *testing.B) {
	for _, s := range lenetCols {
		d := s.d
		x := make([]float32, d.C*d.H*d.W)
		for i := range x {
			x[i] = float32(i%97) - 48
		}
		n := d.C * d.Kh * d.Kw * d.Ho * d.Wo
		col := make([]float32, n)
		for _, k := range []struct {
			name string
			f    func()
		}{
			{"im2col", func() { Im2col(&d, x, col) }},
			{"im2colT", func() { Im2colT(&d, x, col, d.C*d.Kh*d.Kw) }},
			{"col2im", func() { Col2im(&d, col, x) }},
		} {
			b.Run(s.name+"/"+k.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					k.f()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
			})
		}
	}
}
