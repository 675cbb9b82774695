package nets

import (
	"math/rand/v2"
	"testing"

	"github.com/chainrule/chainrule/solvers"
)

// BenchmarkCNNStep times a training step of `chainrule train --net cnn`'s
// default network on the embedded MNIST (1×28×28, conv 16 and 32 with batch
// norm, dense 128 with dropout 0.25, float32, Adam, batch 32) over seeded
// random pixels: `go test -run - -bench CNNStep -cpuprofile` profiles it.
// The -batchnorm=false form is BenchmarkCNNStepNoBN.
func BenchmarkCNNStep(b *testing.B)     { benchCNNStep(b, true) }
func BenchmarkCNNStepNoBN(b *testing.B) { benchCNNStep(b, false) }

func benchCNNStep(b *testing.B, bn bool) {
	net, err := New(Spec{Kind: KindCNN, Image: []int{28, 28}, Channels: []int{16, 32}, Hidden: []int{128}, Outputs: 10,
		Activation: ReLU, BatchNorm: bn, Dropout: 0.25, Dtype: Float32}, 1)
	if err != nil {
		b.Fatal(err)
	}
	c, err := Compile(net, 32, true)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x, t := c.XBuf.Float32s(), c.TBuf.Float32s()
	for i := range x {
		x[i] = rng.Float32()
	}
	for i := 0; i < 32; i++ {
		t[i*10+rng.IntN(10)] = 1
	}
	sol := &solvers.Adam{Options: solvers.Options{LR: 1e-3}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.step(sol); err != nil {
			b.Fatal(err)
		}
	}
}
