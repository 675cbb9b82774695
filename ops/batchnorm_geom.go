package ops

import (
	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// bnDims are the sizes of a batch normalisation of x [N, C, …] viewed as
// [n, c, hw]: hw is the product of the axes after the channel's (1 for
// [N, C]).
type bnDims struct {
	n, c, hw int
	rank     int
	dk       floatKind
}

// bnInfer checks that x is a float tensor of rank 2 or more and returns
// its dims.
func bnInfer(x *graph.Node) (bnDims, tensor.Dtype, error) {
	dt, err := sameFloat([]*graph.Node{x})
	if err != nil {
		return bnDims{}, dt, err
	}
	s := x.Shape()
	if len(s) < 2 {
		return bnDims{}, dt, errors.Errorf("input %s, want [N, C], [N, C, L] or [N, C, H, W]", graph.ShapeString(s))
	}
	d := bnDims{n: s[0], c: s[1], hw: 1, rank: len(s), dk: kindOf(dt)}
	for _, v := range s[2:] {
		d.hw *= v
	}
	return d, dt, nil
}

// check returns an error unless in[i] has dtype dt and shape want, named
// what.
func (d *bnDims) check(in []*graph.Node, i int, dt tensor.Dtype, what string, want ...int) error {
	if in[i].Dtype() != dt {
		return errors.Errorf("%s (operand %d) has dtype %v, x has %v", what, i, in[i].Dtype(), dt)
	}
	if !graph.SameShape(in[i].Shape(), want) {
		return errors.Errorf("%s (operand %d) has shape %s, want %s for x of %d channels",
			what, i, graph.ShapeString(in[i].Shape()), graph.ShapeString(want), d.c)
	}
	return nil
}

// count is the number of values per channel, n·hw.
func (d *bnDims) count() int { return d.n * d.hw }

// bshape is the shape [1, C, 1, …] of x's rank that broadcasts a per-channel
// value against x.
func (d *bnDims) bshape() []int {
	s := make([]int, d.rank)
	for i := range s {
		s[i] = 1
	}
	s[1] = d.c
	return s
}

// axes are every axis of x but the channel's.
func (d *bnDims) axes() []int {
	a := []int{0}
	for i := 2; i < d.rank; i++ {
		a = append(a, i)
	}
	return a
}

// split runs body over the channels, across cores in parts of whole
// channels (each channel is computed by one part, in one order, so the
// result does not depend on the split).
func (d *bnDims) split(body func(lo, hi int)) func() {
	grain := max(1, grainLight/max(1, d.count()))
	return split(d.c, grain, func() { body(0, d.c) }, body)
}

// row returns row i of a [2, C] node as [1, C, 1, …], to broadcast
// against x.
func (d *bnDims) row(t *graph.Node, i int) *graph.Node {
	return Reshape(Slice(t, 0, i, i+1), d.bshape()...)
}

// perChannel sums t (x's shape, or one broadcasting to it) over every axis
// but the channel's, to [C].
func (d *bnDims) perChannel(t *graph.Node) *graph.Node {
	return Reshape(SumKeep(t, d.axes()...), d.c)
}

// invStd is 1/√(σ² + eps) of stats [2, C], as [1, C, 1, …].
func (d *bnDims) invStd(stats *graph.Node, eps float64) *graph.Node {
	return Pow(Add(d.row(stats, 1), scalarLike(stats, eps)), -0.5)
}

// pair stacks two [C] or [1, C, 1, …] nodes into [2, C].
func (d *bnDims) pair(a, b *graph.Node) *graph.Node {
	return Stack(0, Reshape(a, d.c), Reshape(b, d.c))
}
