package ops

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// recordingGemm is a Gemm set by the caller (its threading unknown to ops),
// which makes the convolutions run their parts one after another through it.
type recordingGemm struct {
	Gemm
	calls *int
}

func (r recordingGemm) Dgemm(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	*r.calls++
	r.Gemm.Dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// The convolutions' results are bit-identical however many parts the batch
// is cut into (the number of cores), and the same through a caller's Gemm.
func TestConvIndependentOfParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rnd := func(shape ...int) *tensor.Dense {
		t := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))
		for i, v := 0, t.Float64s(); i < len(v); i++ {
			v[i] = rng.Float64() - 0.5
		}
		return t
	}
	xv, wv, dyv := rnd(7, 4, 9, 8), rnd(6, 2, 3, 3), rnd(7, 6, 5, 8)
	opt := Conv2DOptions{Stride: [2]int{2, 1}, Padding: [2]int{1, 1}, Groups: 2}
	run := func() [][]float64 {
		g := graph.New()
		x, w := g.Const(xv), g.Const(wv)
		y := Conv2D(x, w, opt)
		dy := g.Const(dyv)
		outs := []*graph.Node{y, convTransposeTo(dy, w, y.Op().(*conv2d).d.convGeom, 9, 8), convWeightGrad(x, dy, y.Op().(*conv2d).d.convGeom)}
		p, err := graph.Compile(outs...)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		var vals [][]float64
		for _, n := range outs {
			vals = append(vals, append([]float64(nil), p.Value(n).Float64s()...))
		}
		return vals
	}
	defer func(p int, b Gemm) { testParts, BLAS = p, b }(testParts, BLAS)
	want := run()
	for _, parts := range []int{1, 3, 7} {
		testParts = parts
		for i, got := range run() {
			for j := range got {
				if math.Float64bits(got[j]) != math.Float64bits(want[i][j]) {
					t.Fatalf("%d parts: output %d [%d] = %v, with the default split %v", parts, i, j, got[j], want[i][j])
				}
			}
		}
	}
	calls := 0
	BLAS = recordingGemm{BLAS, &calls}
	for i, got := range run() {
		for j := range got {
			if math.Abs(got[j]-want[i][j]) > 1e-12 {
				t.Fatalf("through a caller's Gemm: output %d [%d] = %v, want %v", i, j, got[j], want[i][j])
			}
		}
	}
	if calls == 0 {
		t.Error("the caller's Gemm was never called")
	}
}
