package kernels

import "testing"

// The batch-norm kernels on the CNN's first block: [32, 16, 28, 28].
func benchBN(b *testing.B, f func(x, dy, st, g, r, y []float32)) {
	const n, c, hw = 32, 16, 784
	x, dy, y := make([]float32, n*c*hw), make([]float32, n*c*hw), make([]float32, n*c*hw)
	for i := range x {
		x[i], dy[i] = float32(i%97)/97, float32(i%89)/89-0.5
	}
	st, g, r := make([]float32, 2*c), make([]float32, c), make([]float32, 2*c)
	for i := range g {
		g[i] = 1
	}
	BatchNormStats(st, x, n, c, hw, 0, c)
	b.SetBytes(int64(4 * len(x)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f(x, dy, st, g, r, y)
	}
}

func BenchmarkBatchNormStats(b *testing.B) {
	benchBN(b, func(x, dy, st, g, r, y []float32) { BatchNormStats(st, x, 32, 16, 784, 0, 16) })
}

func BenchmarkBatchNormApply(b *testing.B) {
	benchBN(b, func(x, dy, st, g, r, y []float32) { BatchNormApply(y, x, st, g, r[:16], 1e-5, 32, 16, 784, 0, 16) })
}

func BenchmarkBatchNormReduce(b *testing.B) {
	benchBN(b, func(x, dy, st, g, r, y []float32) { BatchNormReduce(r, x, dy, st, 1e-5, 32, 16, 784, 0, 16) })
}

func BenchmarkBatchNormInputGrad(b *testing.B) {
	benchBN(b, func(x, dy, st, g, r, y []float32) { BatchNormInputGrad(y, x, dy, st, g, r, 1e-5, 32, 16, 784, 0, 16) })
}
