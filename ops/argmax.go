package ops

import (
	"strconv"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// ArgMax returns the index of the largest element of x along axis, which
// is removed from the shape (negative axes count from the end; a vector
// gives a scalar), as an int tensor: the predicted classes of [B, K]
// logits are ArgMax(z, -1), of shape [B], comparable with int labels and
// ready for OneHot. It picks the element Max's gradient flows to: the first
// maximum on ties, and since NaN compares false, a NaN only where it opens
// its line (PyTorch's argmax picks the first NaN). It has no gradient:
// differentiating through it is an error at Grad time naming ArgMax. An
// axis out of range or a non-float x gives a bad node.
func ArgMax(x *graph.Node, axis int) *graph.Node {
	return graph.Apply(&argMax{alongAxis: alongAxis{axis: axis}}, x)
}

type argMax struct {
	alongAxis
	dk floatKind
}

func (o *argMax) Name() string   { return "ArgMax" }
func (o *argMax) String() string { return "ArgMax(axis " + strconv.Itoa(o.axis) + ")" }

func (o *argMax) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	s, dt, err := o.setAxis(in)
	if err != nil {
		return nil, dt, err
	}
	o.dk = kindOf(dt)
	out := append(append(tensor.Shape{}, s[:o.a]...), s[o.a+1:]...)
	return out, tensor.Int, nil
}

func (o *argMax) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	if f := o.Prepare(dst, in); f != nil {
		f()
		return nil
	}
	return errDtype("ArgMax", in[0].Dtype())
}

func (o *argMax) Prepare(dst *tensor.Dense, in []*tensor.Dense) func() {
	d := dst.Ints()
	switch o.dk {
	case kindF64:
		x := f64(in[0])
		return func() { argMaxK(o.outer, o.n, o.inner, d, x) }
	case kindF32:
		x := f32(in[0])
		return func() { argMaxK(o.outer, o.n, o.inner, d, x) }
	}
	return nil
}

// VJP reports that no gradient exists: an index is piecewise constant in x
// and an int, so a loss that depends on x only through it cannot be
// differentiated.
func (o *argMax) VJP(y, _ *graph.Node) ([]*graph.Node, error) {
	return nil, errors.Errorf("ArgMax(axis %d) built at %s has no gradient: its int indices are piecewise constant in x; "+
		"let the loss depend on x through Max, Softmax or OneHot(ArgMax(x))·x instead", o.axis, y.Site())
}

// argMaxK writes the index along the axis of every line's first maximum.
func argMaxK[T Float](outer, n, inner int, d []int, x []T) {
	for p := 0; p < outer; p++ {
		for q := 0; q < inner; q++ {
			i0 := p*n*inner + q
			best, bi := x[i0], 0
			for k := 1; k < n; k++ {
				if v := x[i0+k*inner]; v > best {
					best, bi = v, k
				}
			}
			d[p*inner+q] = bi
		}
	}
}
