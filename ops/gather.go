package ops

import (
	"unsafe"

	"github.com/pkg/errors"
	"gorgonia.org/tensor"

	"github.com/chainrule/chainrule/graph"
)

// Gather returns the rows of table picked by indices, an embedding lookup:
// for table [V, D…] and int indices of any shape S (a scalar too), the
// result has shape [S…, D…] and element [s…, d…] is table[indices[s…], d…].
// An index may repeat; its row's gradient is then the sum of the adjoints
// of every place it was picked (ScatterAdd). No gradient flows to the
// indices.
//
// A table that is a scalar or not float, or indices that are not ints,
// give a bad node. An index outside 0 … V−1 makes Program.Run fail with an
// error naming the node, the index and its position in indices.
func Gather(table, indices *graph.Node) *graph.Node {
	return graph.Apply(&gather{}, table, indices)
}

type gather struct {
	rows, row int // V and the size of a row (the product of D…)
}

func (o *gather) Name() string   { return "Gather" }
func (o *gather) String() string { return "Gather" }

func (o *gather) Infer(in []*graph.Node) (tensor.Shape, tensor.Dtype, error) {
	dt, err := sameFloat(in[:1])
	if err != nil {
		return nil, dt, errors.Errorf("table: %v", err)
	}
	ts := in[0].Shape()
	if len(ts) == 0 {
		return nil, dt, errors.New("table is a scalar, want rows along axis 0")
	}
	if in[1].Dtype() != tensor.Int {
		return nil, dt, errors.Errorf("indices have dtype %v, want int", in[1].Dtype())
	}
	o.rows, o.row = ts[0], gatherRowLen(ts[1:])
	return append(in[1].Shape().Clone(), ts[1:]...), dt, nil
}

func (o *gather) Forward(dst *tensor.Dense, in []*tensor.Dense) error {
	idx := gatherInts(in[1])
	switch dst.Dtype() {
	case tensor.Float64:
		return gatherRows(f64(dst), f64(in[0]), idx, o.rows, o.row, in[1].Shape())
	case tensor.Float32:
		return gatherRows(f32(dst), f32(in[0]), idx, o.rows, o.row, in[1].Shape())
	}
	return errDtype("Gather", dst.Dtype())
}

// The table's adjoint adds each picked place's adjoint into its row.
func (o *gather) VJP(y, dy *graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{ScatterAdd(dy, y.Inputs()[1], o.rows), nil}, nil
}

// gatherRows copies row idx[k] of tab (rows of length row) into row k of d.
func gatherRows[T Float](d, tab []T, idx []int, rows, row int, ishape tensor.Shape) error {
	for k, j := range idx {
		if j < 0 || j >= rows {
			return gatherIndexError(j, k, ishape, rows)
		}
		copy(d[k*row:(k+1)*row], tab[j*row:(j+1)*row])
	}
	return nil
}

// gatherIndexError names index j, found at flat position k of indices of shape
// ishape, and the valid range.
func gatherIndexError(j, k int, ishape tensor.Shape, rows int) error {
	pos := make([]int, len(ishape))
	for a := len(ishape) - 1; a >= 0; a-- {
		pos[a], k = k%ishape[a], k/ishape[a]
	}
	return errors.Errorf("index %d at position %v of the indices %s is outside 0 … %d", j, pos, graph.ShapeString(ishape), rows-1)
}

// gatherInts returns an int tensor's backing slice without tensor's reflection.
func gatherInts(t *tensor.Dense) []int {
	n := len(t.Raw) / int(unsafe.Sizeof(int(0)))
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*int)(unsafe.Pointer(unsafe.SliceData(t.Raw))), n)
}

func gatherRowLen(s []int) int {
	p := 1
	for _, d := range s {
		p *= d
	}
	return p
}
