package ops_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/ops"
)

// bmmRand returns a float64 tensor of the given shape, uniform in [-1, 1).
func bmmRand(r *rand.Rand, shape ...int) *tensor.Dense {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = 2*r.Float64() - 1
	}
	return dense64(shape, v...)
}

// naiveBatch computes op(a)·op(b) with broadcast batch dimensions by triple
// loops over explicit indices, as the test's independent reference.
func naiveBatch(a, b *tensor.Dense, ta, tb bool) ([]float64, []int) {
	as, bs := a.Shape(), b.Shape()
	ra, rb := len(as)-2, len(bs)-2
	nb := max(ra, rb)
	batch := make([]int, nb)
	for i := range batch {
		da, db := 1, 1
		if j := i - (nb - ra); j >= 0 {
			da = as[j]
		}
		if j := i - (nb - rb); j >= 0 {
			db = bs[j]
		}
		batch[i] = max(da, db)
	}
	at := func(t *tensor.Dense, s []int, r int, idx []int, i, j int, tr bool) float64 {
		if tr {
			i, j = j, i
		}
		off := 0
		for d := 0; d < r; d++ {
			x := idx[d+nb-r]
			if s[d] == 1 {
				x = 0
			}
			off = off*s[d] + x
		}
		return t.Float64s()[(off*s[r]+i)*s[r+1]+j]
	}
	m, k := as[ra], as[ra+1]
	if ta {
		m, k = k, m
	}
	n := bs[rb+1]
	if tb {
		n = bs[rb]
	}
	total := 1
	for _, d := range batch {
		total *= d
	}
	out := make([]float64, 0, total*m*n)
	idx := make([]int, nb)
	for e := 0; e < total; e++ {
		for x, rem := nb-1, e; x >= 0; x-- {
			idx[x], rem = rem%batch[x], rem/batch[x]
		}
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				s := 0.0
				for p := 0; p < k; p++ {
					s += at(a, as, ra, idx, i, p, ta) * at(b, bs, rb, idx, p, j, tb)
				}
				out = append(out, s)
			}
		}
	}
	return out, append(batch, m, n)
}

// Products against the naive reference, over broadcast batches, every flag,
// a matrix on either side, and sizes that cut each product into BLAS tiles,
// with the package's BLAS and with GoBLAS.
func TestBatchMatMulAgainstLoops(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	cases := []struct {
		a, b   []int
		ta, tb bool
	}{
		{[]int{2, 3, 4}, []int{2, 4, 5}, false, false},
		{[]int{2, 1, 3, 4}, []int{3, 4, 2}, false, false},
		{[]int{3, 1, 2, 4, 3}, []int{2, 1, 5, 4}, true, true},
		{[]int{3, 4}, []int{2, 4, 5}, false, false},
		{[]int{2, 3, 4}, []int{5, 4}, false, true},
		{[]int{2, 4, 3}, []int{4, 5}, true, false},
		{[]int{3, 130, 70}, []int{1, 70, 140}, false, false},
		{[]int{2, 70, 130}, []int{2, 140, 70}, true, true},
	}
	saved := ops.BLAS
	defer func() { ops.BLAS = saved }()
	for _, blas := range []ops.Gemm{saved, ops.GoBLAS{}} {
		ops.BLAS = blas
		for _, c := range cases {
			av, bv := bmmRand(r, c.a...), bmmRand(r, c.b...)
			g := graph.New()
			y := ops.BatchMatMul(g.Const(av), g.Const(bv), c.ta, c.tb)
			want, shape := naiveBatch(av, bv, c.ta, c.tb)
			wantShape(t, y, shape...)
			near(t, graph.ShapeString(c.a)+"·"+graph.ShapeString(c.b), eval(t, nil, y)[0], want, 1e-12)
		}
	}
}

// MatMul with an operand of rank 3 or more follows torch.matmul.
func TestMatMulBatchedShapes(t *testing.T) {
	g := graph.New()
	a := g.Input("a", tensor.Float64, 2, 3, 4)
	wantShape(t, ops.MatMul(a, g.Input("v", tensor.Float64, 4)), 2, 3)
	wantShape(t, ops.MatMul(g.Input("u", tensor.Float64, 3), a), 2, 4)
	wantShape(t, ops.MatMul(a, g.Input("m", tensor.Float64, 4, 5)), 2, 3, 5)
	wantShape(t, ops.MatMul(g.Input("w", tensor.Float64, 5, 1, 3, 3), a), 5, 2, 3, 4)
	// By hand: [[1, 2]]·[[1], [1]] per batch element, the vector broadcast.
	x := g.Const(dense64([]int{2, 1, 2}, 1, 2, 3, 4))
	y := ops.MatMul(x, g.Const(dense64([]int{2}, 1, 10)))
	near(t, "batched·vector", eval(t, nil, y)[0], []float64{21, 43}, 0)
}

func TestBatchMatMulBuildErrors(t *testing.T) {
	for _, c := range []struct {
		a, b []int
		want string
	}{
		{[]int{2, 3, 4}, []int{2, 5, 6}, "inner dimensions differ: (2, 3, 4)·(2, 5, 6) needs 4 == 5"},
		{[]int{2, 3, 4}, []int{3, 4, 5}, "batch dimensions: shapes (2) and (3) do not broadcast"},
		{[]int{4}, []int{2, 4, 5}, "rank 2 or more"},
		{[]int{2, 3, 4}, []int{5, 6}, "inner dimensions differ: (2, 3, 4)·(5, 6)"},
	} {
		g := graph.New()
		bad := ops.BatchMatMul(g.Input("a", tensor.Float64, c.a...), g.Input("b", tensor.Float64, c.b...), false, false)
		wantBuildError(t, g, bad, "BatchMatMul", c.want)
	}
	g := graph.New()
	wantBuildError(t, g, ops.MatMul(g.Input("a", tensor.Float64, 2, 3, 4), g.Input("b", tensor.Float64, 5)), "inner dimensions differ")
	g = graph.New()
	wantBuildError(t, g, ops.BatchMatMul(g.Input("a", tensor.Float64, 2, 3, 4), g.Input("b", tensor.Float32, 2, 4, 4), false, false), "dtype")
}

// attention writes softmax(QKᵀ/√d)V from ops.
func attention(g *graph.Graph, q, k, v *graph.Node) *graph.Node {
	d := q.Shape()[len(q.Shape())-1]
	s := ops.Mul(ops.BatchMatMul(q, k, false, true), g.Scalar(1/math.Sqrt(float64(d))))
	return ops.BatchMatMul(ops.Softmax(s, -1), v, false, false)
}

// Scaled dot-product attention over [batch 2, heads 3, T 4, d 5] (keys and
// values of length 6), written from ops, against loops; its gradients pass
// the finite-difference check; a training step allocates nothing.
func TestAttentionFromOps(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	qv, kv, vv := bmmRand(r, 2, 3, 4, 5), bmmRand(r, 2, 3, 6, 5), bmmRand(r, 2, 3, 6, 5)
	g := graph.New()
	q, k, v := g.Param("q", qv), g.Param("k", kv), g.Param("v", vv)
	o := attention(g, q, k, v)
	wantShape(t, o, 2, 3, 4, 5)
	want := make([]float64, 0, 2*3*4*5)
	Q, K, V := qv.Float64s(), kv.Float64s(), vv.Float64s()
	for bh := 0; bh < 6; bh++ {
		for i := 0; i < 4; i++ {
			var w [6]float64
			mx := math.Inf(-1)
			for j := 0; j < 6; j++ {
				for c := 0; c < 5; c++ {
					w[j] += Q[(bh*4+i)*5+c] * K[(bh*6+j)*5+c]
				}
				w[j] /= math.Sqrt(5)
				mx = math.Max(mx, w[j])
			}
			sum := 0.0
			for j := range w {
				w[j] = math.Exp(w[j] - mx)
				sum += w[j]
			}
			for c := 0; c < 5; c++ {
				s := 0.0
				for j := range w {
					s += w[j] / sum * V[(bh*6+j)*5+c]
				}
				want = append(want, s)
			}
		}
	}
	near(t, "attention", eval(t, nil, o)[0], want, 1e-12)

	rc := g.Const(bmmRand(r, 2, 3, 4, 5))
	loss := ops.Sum(ops.Mul(o, rc))
	res, err := autodiff.CheckGrad(loss, []*graph.Node{q, k, v}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxError > 1e-7 {
		t.Errorf("attention gradient: worst error %.3g at %s[%d]", res.MaxError, res.Node.Name(), res.Index)
	}
	grads := autodiff.MustGrad(loss, q, k, v)
	p := graph.MustCompile(append([]*graph.Node{loss}, grads...)...)
	if err := p.Exec(); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
		t.Errorf("an attention step allocates %v times per run, want 0", n)
	}
}

// A batched training step allocates nothing in either dtype, with broadcast
// batch dimensions (so the adjoints are summed down) and transposes.
func TestBatchMatMulRunsWithoutAllocating(t *testing.T) {
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := graph.New(graph.WithDtype(dt))
		a := g.Param("a", tensor.New(tensor.WithShape(2, 1, 8, 6), tensor.Of(dt)))
		b := g.Param("b", tensor.New(tensor.WithShape(3, 8, 5), tensor.Of(dt)))
		c := g.Param("c", tensor.New(tensor.WithShape(6, 4), tensor.Of(dt)))
		y := ops.MatMul(ops.BatchMatMul(a, b, true, false), g.Full(dt, 1, 5, 2))
		loss := ops.Sum(ops.Square(ops.Add(y, ops.Sum(ops.BatchMatMul(a, c, false, false)))))
		p := graph.MustCompile(append([]*graph.Node{loss}, autodiff.MustGrad(loss, a, b, c)...)...)
		if err := p.Exec(); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = p.Exec() }); n != 0 {
			t.Errorf("%v: Exec allocates %v times per run, want 0", dt, n)
		}
	}
}
