package ops

import (
	"fmt"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
	"github.com/chainrule/chainrule/internal/kernels"
)

// ScatterAdd is Gather's adjoint: for src [S…, D…] and int indices of shape
// S it returns a zero tensor [n, D…] into whose row indices[s…] it adds
// src[s…, D…], for every s… in order (so rows picked twice get the sum,
// in the same order at every run). Its own gradient is Gather of the
// adjoint; none flows to the indices.
//
// A non-float src, indices that are not ints or whose shape is not the
// leading part of src's, or n < 1 give a bad node. An index outside
// 0 … n−1 makes Program.Run fail with an error naming the node, the index
// and its position in indices.
func ScatterAdd(src, indices *graph.Node, n int) *graph.Node {
	return graph.Apply(&scatterAdd{rows: n}, src, indices)
}

type scatterAdd struct {
	rows, row int
}

func (o *scatterAdd) Name() string   { return "ScatterAdd" }
func (o *scatterAdd) String() string { return fmt.Sprintf("ScatterAdd(%d rows)", o.rows) }

func (o *scatterAdd) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in[:1])
	if err != nil {
		return nil, dt, errors.Errorf("src: %v", err)
	}
	if in[1].Dtype() != tensor.Int {
		return nil, dt, errors.Errorf("indices have dtype %v, want int", in[1].Dtype())
	}
	if o.rows < 1 {
		return nil, dt, errors.Errorf("%d rows, want at least 1", o.rows)
	}
	ss, is := in[0].Shape(), in[1].Shape()
	if len(ss) < len(is) || !graph.SameShape(ss[:len(is)], is) {
		return nil, dt, errors.Errorf("src %s does not start with the indices' shape %s", graph.ShapeString(ss), graph.ShapeString(is))
	}
	o.row = gatherRowLen(ss[len(is):])
	return append(tensor.Shape{o.rows}, ss[len(is):]...), dt, nil
}

func (o *scatterAdd) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	idx := gatherInts(in[1])
	switch dst.Dtype() {
	case tensor.Float64:
		return scatterRows(f64(dst), f64(in[0]), idx, o.rows, o.row, in[1].Shape(), kernels.Accum64)
	case tensor.Float32:
		return scatterRows(f32(dst), f32(in[0]), idx, o.rows, o.row, in[1].Shape(), kernels.Accum32)
	}
	return errDtype("ScatterAdd", dst.Dtype())
}

// The adjoint of src is the adjoint's rows picked again.
func (o *scatterAdd) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{Gather(dy, y.Inputs()[1]), nil}, nil
}

// scatterRows adds row k of src into row idx[k] of d, zeroed first.
func scatterRows[T Float](d, src []T, idx []int, rows, row int, ishape tensor.Shape, accum func(d, x []T)) error {
	clear(d)
	for k, j := range idx {
		if j < 0 || j >= rows {
			return gatherIndexError(j, k, ishape, rows)
		}
		accum(d[j*row:(j+1)*row], src[k*row:(k+1)*row])
	}
	return nil
}
