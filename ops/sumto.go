package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// SumTo sums x down to shape, the inverse of broadcasting: shape must
// broadcast to x's shape, and every dimension that broadcasting would
// stretch (or prepend) is summed over. autodiff uses it to un-broadcast
// adjoints. A shape that does not broadcast to x's gives a bad node.
func SumTo(x *graph.Node, shape ...int) *graph.Node {
	return graph.Apply(&sumTo{to: tensor.Shape(append([]int{}, shape...))}, x)
}

type sumTo struct {
	to   tensor.Shape
	plan rowPlan
	off  []int
}

func (o *sumTo) Name() string   { return "SumTo" }
func (o *sumTo) String() string { return "SumTo" + graph.ShapeString(o.to) }

func (o *sumTo) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in)
	if err != nil {
		return nil, dt, err
	}
	xs := in[0].Shape()
	if b, err := graph.Broadcast(o.to, xs); err != nil || !graph.SameShape(b, xs) {
		return nil, dt, errors.Errorf("shape %s does not broadcast to %s", graph.ShapeString(o.to), graph.ShapeString(xs))
	}
	o.plan = newRowPlan(xs, graph.BroadcastStrides(o.to, xs))
	o.off = o.plan.offsets()
	return o.to, dt, nil
}

func (o *sumTo) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	switch dst.Dtype() {
	case tensor.Float64:
		sumToK(o.plan, o.off, f64(dst), f64(in[0]))
	case tensor.Float32:
		sumToK(o.plan, o.off, f32(dst), f32(in[0]))
	default:
		return errDtype("SumTo", dst.Dtype())
	}
	return nil
}

// The adjoint of a sum is the adjoint broadcast back to x's shape.
func (o *sumTo) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{BroadcastTo(dy, y.Inputs()[0].Shape()...)}, nil
}

// Prepare splits a sum of rows to single elements (a bias's gradient)
// over the cores by rows: each part sums its rows, each left to right from
// 0, into a buffer of row sums, and then the caller adds the row sums into
// d in row order. Every element of d is the same chain of additions as in
// one pass, whatever the split, and each core reads the rows the
// producer's parts wrote (a max-pool gradient splits its planes the same
// way), not every row of a range of channels.
func (o *sumTo) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	switch dst.Dtype() {
	case tensor.Float64:
		return prepSumTo(o.plan, o.off, f64(dst), f64(in[0]))
	case tensor.Float32:
		return prepSumTo(o.plan, o.off, f32(dst), f32(in[0]))
	}
	return nil
}

func prepSumTo[T Float](p rowPlan, off []int, d, x []T) func() {
	run := func() { sumToK(p, off, d, x) }
	if p.ist != 0 || len(d) < 2 {
		return run
	}
	n := p.inner
	var sums []T // made only if the rows are split
	rows := split(len(off), max(1, grainLight/2/max(1, n)), nil, func(lo, hi int) { rowSums(n, sums, x, lo, hi) })
	if rows == nil { // too few rows to split: split returned its nil run
		return run
	}
	sums = make([]T, len(off))
	at, idx := rowsOf(off, len(d))
	return func() {
		rows()
		addRowSums(d, sums, at, idx)
	}
}

// rowsOf lists, for each element e of d (n of them), the rows r with
// off[r] == e in row order: idx[at[e]:at[e+1]].
func rowsOf(off []int, n int) (at, idx []int) {
	at = make([]int, n+1)
	for _, o := range off {
		at[o+1]++
	}
	for e := range n {
		at[e+1] += at[e]
	}
	idx = make([]int, len(off))
	next := append([]int(nil), at[:n]...)
	for r, o := range off {
		idx[next[o]] = r
		next[o]++
	}
	return at, idx
}

// addRowSums sets each d[e] to 0 plus its rows' sums in row order (rowsOf),
// four elements at a time when their lists are as long: four independent
// chains of additions, the same bits as one element at a time.
func addRowSums[T Float](d, sums []T, at, idx []int) {
	e := 0
	for ; e+4 <= len(d); e += 4 {
		l0 := idx[at[e]:at[e+1]]
		l1, l2, l3 := idx[at[e+1]:at[e+2]], idx[at[e+2]:at[e+3]], idx[at[e+3]:at[e+4]]
		if len(l1) != len(l0) || len(l2) != len(l0) || len(l3) != len(l0) {
			break
		}
		var a0, a1, a2, a3 T
		for i, r := range l0 {
			a0 += sums[r]
			a1 += sums[l1[i]]
			a2 += sums[l2[i]]
			a3 += sums[l3[i]]
		}
		d[e], d[e+1], d[e+2], d[e+3] = a0, a1, a2, a3
	}
	for ; e < len(d); e++ {
		var a T
		for _, r := range idx[at[e]:at[e+1]] {
			a += sums[r]
		}
		d[e] = a
	}
}

// rowSums sets s[r], for r in [lo, hi), to the sum of row r of n elements
// of x, left to right from 0, four rows at a time (four independent chains
// of additions, the same bits as one at a time). sumToAll has the same loop
// adding into d instead: sharing it through a function returning the four
// sums measured 6–8 % slower (BenchmarkSumToBias), as it is not inlined.
func rowSums[T Float](n int, s, x []T, lo, hi int) {
	r := lo
	for ; r+4 <= hi; r += 4 {
		x0 := x[r*n : (r+1)*n]
		x1, x2, x3 := x[(r+1)*n:][:len(x0)], x[(r+2)*n:][:len(x0)], x[(r+3)*n:][:len(x0)]
		var s0, s1, s2, s3 T
		for j, v := range x0 {
			s0 += v
			s1 += x1[j]
			s2 += x2[j]
			s3 += x3[j]
		}
		s[r], s[r+1], s[r+2], s[r+3] = s0, s1, s2, s3
	}
	for ; r < hi; r++ {
		s[r] = rowSum(x[r*n : (r+1)*n])
	}
}

// rowSum is the sum of v left to right from 0.
func rowSum[T Float](v []T) T {
	var s T
	for _, e := range v {
		s += e
	}
	return s
}

// sumToK sums the rows of x into d: with p.ist == 0 each row of p.inner
// elements to one element d[off[r]] (a bias's gradient), left to right,
// the rows' sums added in row order; else row r elementwise into d at
// off[r].
func sumToK[T Float](p rowPlan, off []int, d, x []T) {
	n := p.inner
	clear(d)
	if p.ist == 0 {
		sumToAll(n, off, d, x)
		return
	}
	for r, o := range off {
		if kernels.Is32[T]() {
			kernels.Accum32(kernels.As32(d[o:o+n]), kernels.As32(x[r*n:(r+1)*n]))
		} else {
			kernels.Accum64(kernels.As64(d[o:o+n]), kernels.As64(x[r*n:(r+1)*n]))
		}
	}
}

// sumToAll adds to d the sums of the rows of n elements of x, row r
// landing on d[off[r]]: each row summed left to right from 0, four rows at
// a time (rowSums' loop), the rows' sums added in row order.
func sumToAll[T Float](n int, off []int, d, x []T) {
	r := 0
	for ; r+4 <= len(off); r += 4 {
		x0 := x[r*n : (r+1)*n]
		x1, x2, x3 := x[(r+1)*n:][:len(x0)], x[(r+2)*n:][:len(x0)], x[(r+3)*n:][:len(x0)]
		var s0, s1, s2, s3 T
		for j, v := range x0 {
			s0 += v
			s1 += x1[j]
			s2 += x2[j]
			s3 += x3[j]
		}
		d[off[r]] += s0
		d[off[r+1]] += s1
		d[off[r+2]] += s2
		d[off[r+3]] += s3
	}
	for ; r < len(off); r++ {
		d[off[r]] += rowSum(x[r*n : (r+1)*n])
	}
}
