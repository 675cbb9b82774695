package kernels

import (
	"fmt"
	"testing"
)

// BenchmarkRowScalar times AddScalar on rows of W6's convolution outputs
// (24×24 and 8×8), with AVX2 and the Go loop, in ns per element.
func BenchmarkRowScalar(b *testing.B) {
	for _, n := range []int{576, 64} {
		a, d := make([]float32, n), make([]float32, n)
		for i := range a {
			a[i] = float32(i)
		}
		for _, asm := range []bool{true, false} {
			b.Run(fmt.Sprintf("n=%d/asm=%v", n, asm), func(b *testing.B) {
				if asm && !useAVX2 {
					b.Skip("no AVX2")
				}
				defer func(old bool) { useAVX2 = old }(useAVX2)
				useAVX2 = asm
				for i := 0; i < b.N; i++ {
					RowScalar32(AddScalar, d, a, 0.5)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
			})
		}
	}
}
